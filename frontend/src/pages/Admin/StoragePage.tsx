import type { AdminStorageResponse, CollectorRun, DiskStatus } from "@hearth/contract";
import { createResource, createSignal, onCleanup, Show } from "solid-js";
import { adminApi } from "../../api/admin";
import { ProgressBar } from "../../components/ProgressBar";
import { Spinner } from "../../components/Spinner";
import { formatBytes, formatDateTime, formatRelative } from "../../format";

/** How often the page measures the disk again while open. */
const REFRESH_MS = 30_000;

/** `/admin/storage`: free space of Hearth's data folder with a warning before it runs out, and the clean-up of stored bytes. */
export function StoragePage() {
  const [storage, { refetch, mutate }] = createResource<AdminStorageResponse>(() => adminApi.storage());
  const [cleaning, setCleaning] = createSignal(false);
  const [error, setError] = createSignal("");
  const timer = setInterval(() => void refetch(), REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  document.title = "Storage – Hearth";

  async function cleanUp() {
    setError("");
    setCleaning(true);
    try {
      const { run } = await adminApi.cleanUpNow();
      const current = storage();
      if (current) mutate({ ...current, collector: run });
      void refetch();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setCleaning(false);
    }
  }

  return (
    <section class="storage-page" aria-labelledby="storage-title">
      <div class="page-header">
        <h1 id="storage-title" class="page-header__title">
          Storage
        </h1>
      </div>
      <Show
        when={storage()}
        fallback={
          <Show when={storage.error} fallback={<Spinner label="Measuring the disk…" />}>
            <p role="alert">{String(storage.error?.message ?? "")}</p>
          </Show>
        }
      >
        {(current) => (
          <div class="storage-page__cards">
            <DiskCard storage={current()} />
            <section class="card" aria-labelledby="cleanup-title" data-testid="collector">
              <div class="card__header">
                <h2 id="cleanup-title" class="card__title">
                  Clean-up
                </h2>
                <button
                  type="button"
                  class="button"
                  onClick={cleanUp}
                  disabled={cleaning()}
                  data-testid="collector-run-now"
                >
                  {cleaning() ? "Cleaning up…" : "Clean up now"}
                </button>
              </div>
              <p class="card__text">
                Every hour Hearth removes stored bytes that no file uses any more (left by interrupted uploads or
                crashes) once they are a day old, and backups beyond the ones it keeps. It never removes what a kept
                backup still needs, so restoring any backup gives back every file.
              </p>
              <Show when={error()}>
                <p class="form-error" role="alert">
                  {error()}
                </p>
              </Show>
              <Show when={current().collector} fallback={<p class="card__text">It has not run yet.</p>}>
                {(run) => <LastRun run={run()} />}
              </Show>
            </section>
          </div>
        )}
      </Show>
    </section>
  );
}

function DiskCard(props: { storage: AdminStorageResponse }) {
  return (
    <section class="card" aria-labelledby="disk-title" data-testid="disk">
      <h2 id="disk-title" class="card__title">
        Data folder
      </h2>
      <Show
        when={props.storage.disk}
        fallback={<p class="card__text">Hearth could not measure its disk (it is not run by its own supervisor).</p>}
      >
        {(disk) => <DiskFigures disk={disk()} low={props.storage.low} warnBelowBytes={props.storage.warnBelowBytes} />}
      </Show>
    </section>
  );
}

function DiskFigures(props: { disk: DiskStatus; low: boolean; warnBelowBytes: number }) {
  const used = () => props.disk.totalBytes - props.disk.freeBytes;
  const percent = () => (props.disk.totalBytes > 0 ? (used() / props.disk.totalBytes) * 100 : 0);
  return (
    <>
      <ProgressBar percent={percent()} label="Disk space used" tone={props.low ? "error" : undefined} />
      <p data-testid="disk-free" data-free={props.disk.freeBytes}>
        <strong>{formatBytes(props.disk.freeBytes)} free</strong> of {formatBytes(props.disk.totalBytes)}
      </p>
      <Show when={!props.disk.writable}>
        <p class="notice notice--danger" role="alert" data-testid="disk-warning">
          The data folder is read-only: nobody can upload or change anything. Check the disk (a disk that reports errors
          is often remounted read-only), then restart Hearth.
        </p>
      </Show>
      <Show when={props.disk.writable && props.low}>
        <p class="notice notice--danger" role="alert" data-testid="disk-warning">
          The disk is nearly full: uploads stop when less than a few MB are left. Empty the trash, delete what is no
          longer needed, or move Hearth's data folder to a larger disk. (Hearth warns below{" "}
          {formatBytes(props.warnBelowBytes)}.)
        </p>
      </Show>
    </>
  );
}

function LastRun(props: { run: CollectorRun }) {
  const removedBytes = () => props.run.bytesRemoved + props.run.partialBytesRemoved;
  return (
    <dl class="collector-run" data-testid="collector-last-run">
      <dt>Last run</dt>
      <dd title={formatDateTime(props.run.finishedAt)}>{formatRelative(props.run.finishedAt)}</dd>
      <dt>Removed</dt>
      <dd data-testid="collector-removed">
        {props.run.objectsRemoved} unused stored {props.run.objectsRemoved === 1 ? "object" : "objects"} and{" "}
        {props.run.partialFilesRemoved} half-written {props.run.partialFilesRemoved === 1 ? "file" : "files"} (
        {formatBytes(removedBytes())} freed)
      </dd>
      <dt>Kept for backups</dt>
      <dd>{props.run.keptForBackups}</dd>
      <dt>Old backups deleted</dt>
      <dd>{props.run.backupsPruned}</dd>
      <Show when={props.run.problem}>
        <dt>Note</dt>
        <dd role="status">{props.run.problem}</dd>
      </Show>
    </dl>
  );
}
