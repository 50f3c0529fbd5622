import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { useWorkspace } from "../context";
import { formatBytes, formatSpeed, formatTimeLeft } from "../format";
import type { UploadEntry } from "../stores/createUploads";
import { Icon } from "./Icon";
import { ProgressBar } from "./ProgressBar";
import "./UploadPanel.css";

// A dropped folder can hold thousands of files: the list shows the ones that matter most.
const LIST_LIMIT = 150;
const ORDER: Record<UploadEntry["state"], number> = {
  failed: 0,
  uploading: 1,
  paused: 2,
  queued: 3,
  done: 4,
  cancelled: 5,
};

/** The batch's overall bar and one bar per file; stays until closed so the result can be read. */
export function UploadPanel() {
  const { uploads } = useWorkspace();
  const [collapsed, setCollapsed] = createSignal(false);
  const totals = uploads.totals;

  const heading = () => {
    const t = totals();
    if (t.active && t.paused === t.active) return `${t.active} ${t.active === 1 ? "upload" : "uploads"} paused`;
    if (t.active) return `Uploading ${t.active} ${t.active === 1 ? "file" : "files"}`;
    if (t.failed) return `${t.failed} ${t.failed === 1 ? "upload" : "uploads"} failed`;
    return `${t.done} ${t.done === 1 ? "upload" : "uploads"} complete`;
  };

  const shown = createMemo(() => {
    const items = uploads.items();
    if (items.length <= LIST_LIMIT) return items;
    return [...items].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.id - b.id).slice(0, LIST_LIMIT);
  });

  return (
    <Show when={uploads.items().length > 0}>
      <section class="upload-panel" aria-label="Uploads" data-testid="upload-progress">
        <header class="upload-panel__header">
          <h2 class="upload-panel__title" aria-live="polite">
            {heading()}
          </h2>
          <Show when={totals().active > totals().paused}>
            <button
              type="button"
              class="icon-button"
              aria-label="Pause all uploads"
              title="Pause all"
              onClick={() => uploads.pauseAll()}
              data-testid="upload-pause-all"
            >
              <Icon name="pause" />
            </button>
          </Show>
          <Show when={totals().paused > 0}>
            <button
              type="button"
              class="icon-button"
              aria-label="Resume all uploads"
              title="Resume all"
              onClick={() => uploads.resumeAll()}
              data-testid="upload-resume-all"
            >
              <Icon name="play" />
            </button>
          </Show>
          <button
            type="button"
            class="icon-button"
            aria-expanded={!collapsed()}
            aria-label={collapsed() ? "Show upload details" : "Hide upload details"}
            onClick={() => setCollapsed(!collapsed())}
          >
            <Icon name="chevron" class={collapsed() ? "rotate-up" : "rotate-down"} />
          </button>
          <Show
            when={totals().active === 0}
            fallback={
              <button
                type="button"
                class="icon-button"
                aria-label="Cancel all uploads"
                title="Cancel all"
                onClick={() => uploads.cancelAll()}
                data-testid="upload-cancel-all"
              >
                <Icon name="close" />
              </button>
            }
          >
            <button
              type="button"
              class="icon-button"
              aria-label="Close uploads"
              onClick={() => uploads.clearFinished()}
              data-testid="upload-close"
            >
              <Icon name="close" />
            </button>
          </Show>
        </header>
        <div class="upload-panel__overall">
          <ProgressBar
            percent={totals().percent}
            label="All uploads"
            tone={totals().failed && !totals().active ? "error" : totals().active ? undefined : "done"}
          />
          <p class="upload-panel__stats" data-testid="upload-overall">
            <span data-testid="upload-percent">{totals().percent}%</span>
            <span>
              {formatBytes(totals().loaded)} of {formatBytes(totals().size)}
            </span>
            <Show when={totals().uploading && totals().speed > 0}>
              <span data-testid="upload-speed">{formatSpeed(totals().speed)}</span>
            </Show>
            <Show when={totals().secondsLeft !== null}>
              <span data-testid="upload-time-left">{formatTimeLeft(totals().secondsLeft!)}</span>
            </Show>
          </p>
          <Show when={totals().failed > 0}>
            <button
              type="button"
              class="button button--quiet upload-panel__retry"
              onClick={() => uploads.retryFailed()}
              data-testid="upload-retry-failed"
            >
              <Icon name="retry" />
              <span>Retry failed ({totals().failed})</span>
            </button>
          </Show>
        </div>
        <Show when={!collapsed()}>
          <ul class="upload-panel__list">
            <For each={shown()}>{(entry) => <UploadRow entry={entry} />}</For>
            <Show when={uploads.items().length > shown().length}>
              <li class="upload-panel__more muted">and {uploads.items().length - shown().length} more</li>
            </Show>
          </ul>
        </Show>
      </section>
    </Show>
  );
}

function UploadRow(props: { entry: UploadEntry }) {
  const { uploads } = useWorkspace();
  const percent = () =>
    props.entry.state === "done"
      ? 100
      : props.entry.size
        ? Math.floor((props.entry.loaded / props.entry.size) * 100)
        : 0;
  const timeLeft = () =>
    props.entry.speed > 0 ? formatTimeLeft((props.entry.size - props.entry.loaded) / props.entry.speed) : "";
  const active = () =>
    props.entry.state === "queued" || props.entry.state === "uploading" || props.entry.state === "paused";
  return (
    <li class="upload-row" data-testid="upload-item" data-name={props.entry.name} data-state={props.entry.state}>
      <div class="upload-row__top">
        <span
          class="upload-row__name"
          title={props.entry.path ? `${props.entry.path}/${props.entry.name}` : props.entry.name}
        >
          <Show when={props.entry.path}>
            <span class="upload-row__path">{props.entry.path}/</span>
          </Show>
          {props.entry.name}
        </span>
        <span class="upload-row__status">
          <Switch>
            <Match when={props.entry.state === "queued"}>Waiting…</Match>
            <Match when={props.entry.state === "uploading"}>
              {percent()}%<Show when={props.entry.speed > 0}> · {formatSpeed(props.entry.speed)}</Show>
              <Show when={timeLeft()}> · {timeLeft()}</Show>
            </Match>
            <Match when={props.entry.state === "paused"}>Paused · {percent()}%</Match>
            <Match when={props.entry.state === "done"}>Done</Match>
            <Match when={props.entry.state === "cancelled"}>Cancelled</Match>
            <Match when={props.entry.state === "failed"}>Failed</Match>
          </Switch>
        </span>
        <Show when={props.entry.state === "uploading" || props.entry.state === "queued"}>
          <button
            type="button"
            class="icon-button icon-button--small"
            aria-label={`Pause upload of ${props.entry.name}`}
            onClick={() => uploads.pause(props.entry.id)}
            data-testid="upload-pause"
          >
            <Icon name="pause" />
          </button>
        </Show>
        <Show when={props.entry.state === "paused"}>
          <button
            type="button"
            class="icon-button icon-button--small"
            aria-label={`Resume upload of ${props.entry.name}`}
            onClick={() => uploads.resume(props.entry.id)}
            data-testid="upload-resume"
          >
            <Icon name="play" />
          </button>
        </Show>
        <Show when={active()}>
          <button
            type="button"
            class="icon-button icon-button--small"
            aria-label={`Cancel upload of ${props.entry.name}`}
            onClick={() => uploads.cancel(props.entry.id)}
            data-testid="upload-cancel"
          >
            <Icon name="close" />
          </button>
        </Show>
        <Show when={props.entry.state === "failed"}>
          <button
            type="button"
            class="icon-button icon-button--small"
            aria-label={`Retry upload of ${props.entry.name}`}
            onClick={() => uploads.retry(props.entry.id)}
            data-testid="upload-retry"
          >
            <Icon name="retry" />
          </button>
        </Show>
      </div>
      <ProgressBar
        percent={percent()}
        label={`Upload of ${props.entry.name}`}
        tone={props.entry.state === "failed" ? "error" : props.entry.state === "done" ? "done" : undefined}
        class="progress--thin"
      />
      <Show when={props.entry.error}>
        <p class="upload-row__error" role="alert">
          {props.entry.error}
        </p>
      </Show>
    </li>
  );
}
