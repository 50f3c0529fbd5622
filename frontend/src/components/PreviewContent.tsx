import type { FileItem } from "@hearth/contract";
import { createEffect, createResource, createSignal, Match, on, onCleanup, Show, Switch, type JSX } from "solid-js";
import type { ContentSource } from "../api/shares";
import { formatBytes, formatDateTime } from "../format";
import { Icon, iconForFile } from "./Icon";
import { MarkdownView } from "./MarkdownView";
import { PdfViewer } from "./PdfViewer";
import { canDrawOriginal, isMarkdown, previewKind } from "./previewKind";
import { Spinner } from "./Spinner";

export interface PreviewSourceProps {
  item: FileItem;
  source: ContentSource;
  /** False on view-only share links: only thumbnails can be fetched, not the file itself. */
  allowDownload: boolean;
}

const TEXT_LIMIT = 1024 * 1024;

/** The file itself, shown the way its type allows; anything else gets a card with its details. */
export function PreviewContent(props: PreviewSourceProps) {
  const kind = () => previewKind(props.item);
  return (
    <div class="preview__fill">
      <PreviewByKind {...props} kind={kind()} />
    </div>
  );
}

function PreviewByKind(props: PreviewSourceProps & { kind: ReturnType<typeof previewKind> }) {
  const kind = () => props.kind;
  return (
    <Switch fallback={<FileDetails {...props} />}>
      <Match when={kind() === "image"}>
        <ImageView {...props} />
      </Match>
      <Match when={kind() === "video" && props.allowDownload}>
        <video
          class="preview__media"
          src={props.source.content(props.item.id)}
          poster={props.item.thumbnails.includes(720) ? props.source.thumbnail(props.item.id, 720) : undefined}
          controls
          autoplay
          preload="metadata"
          data-testid="preview-video"
        />
      </Match>
      <Match when={kind() === "audio" && props.allowDownload}>
        <div class="preview__audio">
          <Icon name="audio" class="preview__big-icon" />
          <p class="preview__audio-name">{props.item.name}</p>
          <audio
            src={props.source.content(props.item.id)}
            controls
            autoplay
            preload="metadata"
            data-testid="preview-audio"
          />
        </div>
      </Match>
      <Match when={kind() === "pdf" && props.allowDownload}>
        <PdfView {...props} />
      </Match>
      <Match when={kind() === "text" && props.allowDownload}>
        <TextView {...props} />
      </Match>
    </Switch>
  );
}

/** The 720px thumbnail at once, then the original once it has fully loaded (if the browser can draw it). */
function ImageView(props: PreviewSourceProps) {
  const [original, setOriginal] = createSignal("");
  const [failed, setFailed] = createSignal(false);
  const thumbnail = () => {
    const sizes = props.item.thumbnails;
    if (sizes.includes(720)) return props.source.thumbnail(props.item.id, 720);
    if (sizes.includes(240)) return props.source.thumbnail(props.item.id, 240);
    return "";
  };

  createEffect(
    on(
      () => props.item.id,
      () => {
        setOriginal("");
        setFailed(false);
        if (!props.allowDownload || !canDrawOriginal(props.item)) return;
        const image = new Image();
        const src = props.source.content(props.item.id);
        image.onload = () => setOriginal(src);
        image.onerror = () => setFailed(true);
        image.src = src;
        onCleanup(() => {
          image.onload = null;
          image.onerror = null;
          image.src = "";
        });
      },
    ),
  );

  return (
    <Switch>
      <Match when={original() || thumbnail()}>
        {(src) => <img class="preview__media" src={src()} alt={props.item.name} data-testid="preview-image" />}
      </Match>
      <Match when={failed() || !props.allowDownload || !canDrawOriginal(props.item)}>
        <FileDetails {...props} />
      </Match>
      <Match when={true}>
        <Spinner label="Loading picture…" class="spinner--large" />
      </Match>
    </Switch>
  );
}

/** pdf.js draws it; if it cannot (a damaged file), the card offers the browser's viewer in a new tab. */
function PdfView(props: PreviewSourceProps) {
  const [failure, setFailure] = createSignal("");
  return (
    <Show
      when={!failure()}
      fallback={
        <FileDetails {...props} note={`This PDF can't be shown here (${failure()}).`}>
          <a
            class="button"
            href={props.source.content(props.item.id)}
            target="_blank"
            rel="noopener"
            data-testid="preview-open-tab"
          >
            <Icon name="open" />
            <span>Open in new tab</span>
          </a>
        </FileDetails>
      }
    >
      <PdfViewer url={props.source.content(props.item.id)} name={props.item.name} onFailed={setFailure} />
    </Show>
  );
}

/** Plain text, the first megabyte at most: a Range request, and the reading stops there regardless. */
function TextView(props: PreviewSourceProps) {
  const [formatted, setFormatted] = createSignal(true);
  const [text] = createResource(
    () => props.source.content(props.item.id),
    async (url) => {
      const response = await fetch(url, {
        headers: { range: `bytes=0-${TEXT_LIMIT - 1}` },
        credentials: "same-origin",
      });
      if (!response.ok || !response.body) throw new Error(`The file could not be read (${response.status}).`);
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let length = 0;
      while (length < TEXT_LIMIT) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        length += value.length;
      }
      await reader.cancel().catch(() => {});
      const bytes = new Uint8Array(Math.min(length, TEXT_LIMIT));
      let offset = 0;
      for (const chunk of chunks) {
        const part = chunk.subarray(0, bytes.length - offset);
        bytes.set(part, offset);
        offset += part.length;
        if (offset >= bytes.length) break;
      }
      return new TextDecoder("utf-8").decode(bytes);
    },
  );
  return (
    <Switch>
      <Match when={text.error}>
        <FileDetails {...props} note={text.error instanceof Error ? text.error.message : String(text.error)} />
      </Match>
      <Match when={text() !== undefined}>
        <div class="preview__text-wrap">
          <Show when={isMarkdown(props.item)}>
            <div class="preview__text-mode">
              <button
                type="button"
                class="button button--quiet"
                aria-pressed={!formatted()}
                onClick={() => setFormatted(!formatted())}
              >
                {formatted() ? "Show plain text" : "Show formatted"}
              </button>
            </div>
          </Show>
          <Show
            when={formatted() && isMarkdown(props.item)}
            fallback={
              <pre class="preview__text" data-testid="preview-text">
                {text()}
              </pre>
            }
          >
            <div class="preview__text">
              <MarkdownView source={text()!} />
            </div>
          </Show>
          <Show when={props.item.size > TEXT_LIMIT}>
            <p class="preview__note">
              Showing the first {formatBytes(TEXT_LIMIT)} of {formatBytes(props.item.size)}. Download the file to see
              all of it.
            </p>
          </Show>
        </div>
      </Match>
      <Match when={true}>
        <Spinner label="Loading text…" class="spinner--large" />
      </Match>
    </Switch>
  );
}

/** An icon and the facts: size, type, dates, checksum — and a way to get the file. */
export function FileDetails(props: PreviewSourceProps & { note?: string; children?: JSX.Element }) {
  return (
    <div class="preview__details" data-testid="preview-details">
      <Icon name={iconForFile(props.item.kind, props.item.mime, props.item.name)} class="preview__big-icon" />
      <h2 class="preview__details-name">{props.item.name}</h2>
      <Show when={props.note}>
        <p class="preview__note">{props.note}</p>
      </Show>
      <dl class="preview__facts">
        <dt>Size</dt>
        <dd>{formatBytes(props.item.size)}</dd>
        <dt>Type</dt>
        <dd>{props.item.mime || "Unknown"}</dd>
        <dt>Modified</dt>
        <dd>{formatDateTime(props.item.updatedAt)}</dd>
        <dt>Added</dt>
        <dd>{formatDateTime(props.item.createdAt)}</dd>
        <Show when={props.item.sha256}>
          <dt>SHA-256</dt>
          <dd class="preview__checksum">{props.item.sha256}</dd>
        </Show>
      </dl>
      <div class="preview__details-actions">
        {props.children}
        <Show when={props.allowDownload} fallback={<p class="muted">The owner turned off downloads for this link.</p>}>
          <a class="button button--primary" href={props.source.download(props.item.id)} download={props.item.name}>
            <Icon name="download" />
            <span>Download</span>
          </a>
        </Show>
      </div>
    </div>
  );
}
