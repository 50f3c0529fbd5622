import { createSignal, For, Match, Show, Switch } from "solid-js";
import { useWorkspace } from "../context";
import { formatBytes, formatSpeed } from "../format";
import type { UploadEntry } from "../stores/createUploads";
import { Icon } from "./Icon";
import { ProgressBar } from "./ProgressBar";
import "./UploadPanel.css";

/** The batch's overall bar and one bar per file; stays until closed so the result can be read. */
export function UploadPanel() {
  const { uploads } = useWorkspace();
  const [collapsed, setCollapsed] = createSignal(false);
  const totals = uploads.totals;

  const heading = () => {
    const t = totals();
    if (t.active) return `Uploading ${t.active} ${t.active === 1 ? "file" : "files"}`;
    if (t.failed) return `${t.failed} ${t.failed === 1 ? "upload" : "uploads"} failed`;
    return `${t.done} ${t.done === 1 ? "upload" : "uploads"} complete`;
  };

  return (
    <Show when={uploads.items().length > 0}>
      <section class="upload-panel" aria-label="Uploads" data-testid="upload-progress">
        <header class="upload-panel__header">
          <h2 class="upload-panel__title" aria-live="polite">
            {heading()}
          </h2>
          <button
            type="button"
            class="icon-button"
            aria-expanded={!collapsed()}
            aria-label={collapsed() ? "Show upload details" : "Hide upload details"}
            onClick={() => setCollapsed(!collapsed())}
          >
            <Icon name="chevron" class={collapsed() ? "rotate-up" : "rotate-down"} />
          </button>
          <Show when={totals().active === 0}>
            <button type="button" class="icon-button" aria-label="Close uploads" onClick={() => uploads.clearFinished()}>
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
            <Show when={totals().active && totals().speed > 0}>
              <span>{formatSpeed(totals().speed)}</span>
            </Show>
          </p>
        </div>
        <Show when={!collapsed()}>
          <ul class="upload-panel__list">
            <For each={uploads.items()}>{(entry) => <UploadRow entry={entry} />}</For>
          </ul>
        </Show>
      </section>
    </Show>
  );
}

function UploadRow(props: { entry: UploadEntry }) {
  const { uploads } = useWorkspace();
  const percent = () =>
    props.entry.state === "done" ? 100 : props.entry.size ? Math.floor((props.entry.loaded / props.entry.size) * 100) : 0;
  return (
    <li class="upload-row" data-testid="upload-item" data-name={props.entry.name} data-state={props.entry.state}>
      <div class="upload-row__top">
        <span class="upload-row__name" title={props.entry.name}>
          {props.entry.name}
        </span>
        <span class="upload-row__status">
          <Switch>
            <Match when={props.entry.state === "queued"}>Waiting…</Match>
            <Match when={props.entry.state === "uploading"}>
              {percent()}%<Show when={props.entry.speed > 0}> · {formatSpeed(props.entry.speed)}</Show>
            </Match>
            <Match when={props.entry.state === "done"}>Done</Match>
            <Match when={props.entry.state === "cancelled"}>Cancelled</Match>
            <Match when={props.entry.state === "failed"}>Failed</Match>
          </Switch>
        </span>
        <Show when={props.entry.state === "queued" || props.entry.state === "uploading"}>
          <button
            type="button"
            class="icon-button icon-button--small"
            aria-label={`Cancel upload of ${props.entry.name}`}
            onClick={() => uploads.cancel(props.entry.id)}
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
