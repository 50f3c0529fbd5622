import type { AdminJob, AdminJobListResponse } from "@hearth/contract";
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { adminApi } from "../../api/admin";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { formatDateTime, formatRelative } from "../../format";

/** How often the page refreshes itself while open, so the queue can be watched draining. */
const REFRESH_MS = 5000;

/** `/admin/jobs`: the media queue (photos and videos waiting or being processed) and its failures, with retry. */
export function JobsPage() {
  const [jobs, { refetch }] = createResource<AdminJobListResponse>(() => adminApi.jobs());
  const [error, setError] = createSignal("");
  const timer = setInterval(() => void refetch(), REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  document.title = "Jobs – Hearth";

  async function retry(job: AdminJob) {
    setError("");
    try {
      await adminApi.retryJob(job.id);
      await refetch();
    } catch (failure) {
      setError((failure as Error).message);
    }
  }

  return (
    <section class="jobs" aria-labelledby="jobs-title">
      <div class="page-header">
        <h1 id="jobs-title" class="page-header__title">
          Jobs
        </h1>
      </div>
      <Show
        when={jobs()}
        fallback={
          <Show when={jobs.error} fallback={<Spinner label="Loading the jobs…" />}>
            <p role="alert">{String(jobs.error?.message ?? "")}</p>
          </Show>
        }
      >
        {(list) => (
          <>
            <p class="jobs__counts" data-testid="jobs-counts">
              {list().counts.queued} waiting · {list().counts.running} running · {list().counts.done} done ·{" "}
              {list().counts.failed} failed
            </p>
            <Show when={error()}>
              <p class="form-error" role="alert">
                {error()}
              </p>
            </Show>
            <h2>Failures</h2>
            <JobTable jobs={list().failures} empty="No photo or video failed." onRetry={retry} testId="jobs-failures" />
            <h2>Queue</h2>
            <JobTable jobs={list().queue} empty="Nothing is waiting to be processed." testId="jobs-queue" />
          </>
        )}
      </Show>
    </section>
  );
}

function JobTable(props: {
  jobs: AdminJob[];
  empty: string;
  testId: string;
  onRetry?: (job: AdminJob) => Promise<void>;
}) {
  return (
    <Show when={props.jobs.length > 0} fallback={<p class="jobs__empty">{props.empty}</p>}>
      <div class="table-scroll">
        <table class="data-table" data-testid={props.testId}>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Owner</th>
              <th scope="col">Kind</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">When</th>
              <Show when={props.onRetry}>
                <th scope="col">
                  <span class="visually-hidden">Retry</span>
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.jobs}>
              {(job) => (
                <tr data-testid="job-row">
                  <td>{job.fileName ?? "(deleted)"}</td>
                  <td>{job.ownerName ?? job.ownerId}</td>
                  <td>{job.kind === "video" ? "Video" : "Photo"}</td>
                  <td>
                    {job.attempts} of {job.maxAttempts}
                  </td>
                  <td class="jobs__error">{job.lastError ?? (job.state === "running" ? "running now" : "")}</td>
                  <td title={formatDateTime(job.updatedAt)}>{formatRelative(job.updatedAt)}</td>
                  <Show when={props.onRetry}>
                    <td>
                      <button
                        type="button"
                        class="button button--quiet"
                        onClick={() => void props.onRetry?.(job)}
                        data-testid="job-retry"
                      >
                        <Icon name="retry" />
                        Retry
                      </button>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
