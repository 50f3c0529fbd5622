import { UPDATE_PHASES, type ReleasesResponse, type VersionResponse } from "@hearth/contract";
import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError } from "../../api/client";
import { updatesApi } from "../../api/updates";
import { ProgressBar } from "../../components/ProgressBar";
import { Spinner } from "../../components/Spinner";
import { formatDateTime } from "../../format";
import { createUpdateWatch } from "./createUpdateWatch";

const PHASE_NAMES: Record<string, string> = {
  preflight: "Checking",
  backup: "Backing up",
  pull: "Downloading",
  migrate: "Migrating",
  recreate: "Restarting",
  healthcheck: "Checking health",
  completed: "Updated",
  failed: "Failed",
  rolling_back: "Rolling back",
  rolled_back: "Rolled back",
  cancelled: "Cancelled",
};

/** `/admin/updates`: what runs, what is new, update or roll back, and what happened before. */
export function UpdatesPage() {
  document.title = "Updates – Hearth";
  const [version, { refetch: refetchVersion }] = createResource<VersionResponse>(() => updatesApi.version());
  const [releases, { refetch: refetchReleases }] = createResource<ReleasesResponse | null>(() =>
    updatesApi.releases().catch(() => null),
  );
  const [error, setError] = createSignal("");
  const refresh = () => {
    void refetchVersion();
    void refetchReleases();
  };
  const watch = createUpdateWatch(refresh);
  const running = () => {
    const live = watch.status();
    return live && !["completed", "failed", "rolled_back", "cancelled"].includes(live.state) ? live : null;
  };

  // An update already under way when the page opens is followed too.
  createResource(version, (v) => {
    if (v.running) watch.watch(v.running.update_id);
    return true;
  });

  async function act(work: () => Promise<{ update_id: string }>) {
    setError("");
    try {
      const started = await work();
      watch.watch(started.update_id);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <section class="updates" aria-labelledby="updates-title">
      <div class="page-header">
        <h1 id="updates-title" class="page-header__title">
          Updates
        </h1>
      </div>
      <Show when={version()} fallback={<Spinner label="Loading versions" />}>
        {(v) => (
          <>
            <section class="card" data-testid="update-current">
              <h2 class="card__title">This Hearth</h2>
              <p class="card__text">
                Running <strong data-testid="current-version">{v().current?.tag ?? "unknown"}</strong>
                <Show when={v().current?.digest}> ({v().current!.digest.slice(0, 19)}…)</Show>
              </p>
              <Show when={v().latest}>
                {(latest) => (
                  <div data-testid="update-latest">
                    <p class="card__text">
                      {v().update_available ? "A new version is available: " : "Newest release: "}
                      <strong>{latest().tag}</strong> ({v().channel})
                    </p>
                    <Show when={latest().notes}>
                      <p class="card__text update-notes">{latest().notes}</p>
                    </Show>
                    <Show when={v().updater && v().update_available && !running()}>
                      <button
                        class="button button--primary"
                        data-testid="update-now"
                        onClick={() => act(() => updatesApi.start({ target_version: latest().tag }))}
                      >
                        Update now
                      </button>
                      <p class="card__hint">
                        Hearth backs up its database, downloads the new version, and restarts (a minute or two). If the
                        new version does not come up healthy, the old one and its data are put back by themselves.
                      </p>
                    </Show>
                  </div>
                )}
              </Show>
              <Show when={!v().updater}>
                <div data-testid="manual-update">
                  <p class="card__text">
                    Hearth runs without the compose stack's updater, so it cannot update itself. To update by hand, with
                    the compose file or with <code>docker run</code>:
                  </p>
                  <For each={v().manual_update}>{(command) => <pre class="card__code">{command}</pre>}</For>
                  <Show when={v().check_error}>
                    <p class="card__hint">Could not look for a newer version: {v().check_error}</p>
                  </Show>
                  <Show when={v().checked_at}>
                    <p class="card__hint">Last looked for a newer version {formatDateTime(v().checked_at!)}.</p>
                  </Show>
                </div>
              </Show>
              <Show when={error()}>
                <p class="form-error" role="alert">
                  {error()}
                </p>
              </Show>
            </section>

            <Show when={watch.status()}>
              {(live) => (
                <section class="card" aria-live="polite" data-testid="update-progress">
                  <h2 class="card__title">
                    {live().kind === "rollback" ? "Rolling back" : "Updating"} to {live().to.tag}:{" "}
                    <span data-testid="update-state">{PHASE_NAMES[live().state] ?? live().state}</span>
                  </h2>
                  <ol class="update-phases">
                    <For each={UPDATE_PHASES}>
                      {(phase) => (
                        <li
                          classList={{
                            "update-phases__done": live().timings[phase] !== undefined,
                            "update-phases__now": live().state === phase,
                          }}
                        >
                          {PHASE_NAMES[phase]}
                          <Show when={live().timings[phase] !== undefined}>
                            {" "}
                            · {live().timings[phase]!.toFixed(1)} s
                          </Show>
                        </li>
                      )}
                    </For>
                  </ol>
                  <Show when={live().state === "pull"}>
                    <ProgressBar percent={live().progress * 100} label="Download" />
                  </Show>
                  <Show when={watch.offline() && running()}>
                    <p class="card__hint">Hearth is restarting; this page reconnects by itself.</p>
                  </Show>
                  <Show when={live().error}>
                    <p class="form-error">{live().error}</p>
                  </Show>
                  <pre class="update-log" data-testid="update-log">
                    {live().log_tail.join("\n")}
                  </pre>
                  <Show when={running() && ["preflight", "backup", "pull", "migrate"].includes(live().state)}>
                    <button
                      class="button"
                      data-testid="update-cancel"
                      onClick={() => void updatesApi.cancel(live().update_id)}
                    >
                      Cancel
                    </button>
                  </Show>
                </section>
              )}
            </Show>

            <Show when={releases()}>
              {(r) => (
                <>
                  <section class="card" data-testid="update-local">
                    <h2 class="card__title">Versions kept on this machine</h2>
                    <ul class="update-versions">
                      <For each={r().local}>
                        {(local) => (
                          <li>
                            <strong>{local.tag}</strong> · {formatDateTime(local.created_at)}
                            <Show when={!local.running} fallback={<span class="badge"> running</span>}>
                              <button
                                class="button button--small"
                                disabled={Boolean(running())}
                                onClick={() => {
                                  if (confirm(`Roll back to ${local.tag}? Its database backup replaces today's data.`))
                                    void act(() => updatesApi.rollback(local.tag));
                                }}
                              >
                                Roll back to this one
                              </button>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ul>
                    <label class="field">
                      <span class="field__label">Versions to keep</span>
                      <input
                        class="input"
                        type="number"
                        min="1"
                        max="50"
                        value={r().keep_images}
                        onChange={(e) => {
                          const keep = Number(e.currentTarget.value);
                          void updatesApi.keepImages(keep).then(refresh, (err: Error) => setError(err.message));
                        }}
                      />
                    </label>
                  </section>
                  <section class="card" data-testid="update-history">
                    <h2 class="card__title">History</h2>
                    <Show when={r().history.length} fallback={<p class="card__text">No updates yet.</p>}>
                      <ul class="update-history">
                        <For each={r().history}>
                          {(run) => (
                            <li>
                              {formatDateTime(run.started_at)}: {run.from?.tag ?? "?"} → {run.to.tag} ·{" "}
                              <strong>{PHASE_NAMES[run.state] ?? run.state}</strong>
                              <Show when={run.error}>
                                <details>
                                  <summary>{run.error}</summary>
                                  <pre class="update-log">{run.log_tail.join("\n")}</pre>
                                </details>
                              </Show>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </section>
                </>
              )}
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
