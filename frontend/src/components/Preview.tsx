import type { FileItem } from "@hearth/contract";
import { createEffect, createMemo, onMount, Show, type JSX } from "solid-js";
import type { ContentSource } from "../api/shares";
import { formatBytes, formatModified } from "../format";
import { Icon } from "./Icon";
import { PreviewContent } from "./PreviewContent";
import { ProcessingNotice } from "./ProcessingNotice";
import "./Overlay.css";
import "./Preview.css";

interface PreviewProps {
  /** The files one can step through (in list order); folders are left out by the caller. */
  items: FileItem[];
  openId: string;
  source: ContentSource;
  allowDownload: boolean;
  onOpen(id: string): void;
  onClose(): void;
  /** Extra buttons for the top bar (share, star) where the viewer is the owner. */
  actions?(item: FileItem): JSX.Element;
  /** "Try again" for a photo or video whose processing failed (the owner's view only). */
  onReprocess?(item: FileItem): Promise<unknown>;
}

const isMediaControl = (target: EventTarget | null) =>
  target instanceof HTMLMediaElement || (target instanceof HTMLElement && target.closest("input, textarea, select"));

/**
 * The full-window viewer: ← and → step through the folder's files, Esc closes. The open item is
 * held by id, so files arriving or leaving around it do not change what is shown.
 */
export function Preview(props: PreviewProps) {
  let dialog!: HTMLDialogElement;
  const index = createMemo(() => props.items.findIndex((item) => item.id === props.openId));
  const item = () => props.items[index()];
  const previous = () => props.items[index() - 1];
  const next = () => props.items[index() + 1];

  const step = (target: FileItem | undefined) => {
    if (target) props.onOpen(target.id);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (isMediaControl(event.target)) return;
    if (event.key === "ArrowLeft") step(previous());
    else if (event.key === "ArrowRight") step(next());
    else return;
    event.preventDefault();
  };

  // The file may be trashed elsewhere while it is open.
  createEffect(() => {
    if (!item() && dialog.open) dialog.close();
  });

  // Neighbours' thumbnails load ahead, so stepping shows something at once.
  createEffect(() => {
    for (const neighbour of [previous(), next()]) {
      if (neighbour?.thumbnails.includes(720)) new Image().src = props.source.thumbnail(neighbour.id, 720);
    }
  });

  onMount(() => dialog.showModal());

  return (
    <dialog
      ref={dialog}
      class="preview"
      aria-label="File preview"
      onKeyDown={onKeyDown}
      onClose={() => props.onClose()}
      data-testid="preview"
    >
      <Show when={item()}>
        {(current) => (
          <>
            <header class="preview__bar">
              <button
                type="button"
                class="icon-button"
                aria-label="Close preview"
                onClick={() => dialog.close()}
                data-testid="preview-close"
              >
                <Icon name="close" />
              </button>
              <div class="preview__title">
                <strong data-testid="preview-name">{current().name}</strong>
                <span>
                  {formatBytes(current().size)} · {formatModified(current().updatedAt)}
                  <Show when={props.items.length > 1}>
                    {" "}
                    · {index() + 1} of {props.items.length}
                  </Show>
                </span>
              </div>
              {props.actions?.(current())}
              <Show when={props.allowDownload}>
                <a
                  class="button button--quiet"
                  href={props.source.download(current().id)}
                  download={current().name}
                  data-testid="preview-download"
                >
                  <Icon name="download" />
                  <span class="preview__button-label">Download</span>
                </a>
              </Show>
            </header>
            <div
              class="preview__stage"
              onClick={(event) =>
                (event.target as Element).matches(".preview__stage, .preview__fill") && dialog.close()
              }
            >
              <ProcessingNotice item={current()} onRetry={props.onReprocess} />
              <Show when={current().id} keyed>
                <PreviewContent item={current()} source={props.source} allowDownload={props.allowDownload} />
              </Show>
            </div>
          </>
        )}
      </Show>
      <button
        type="button"
        class="preview__nav preview__nav--prev icon-button"
        aria-label="Previous file"
        disabled={!previous()}
        onClick={() => step(previous())}
        data-testid="preview-prev"
      >
        <Icon name="left" />
      </button>
      <button
        type="button"
        class="preview__nav preview__nav--next icon-button"
        aria-label="Next file"
        disabled={!next()}
        onClick={() => step(next())}
        data-testid="preview-next"
      >
        <Icon name="right" />
      </button>
    </dialog>
  );
}
