import type { FileItem } from "@hearth/contract";
import { createEffect, createSignal, Match, on, onCleanup, onMount, Show, Switch } from "solid-js";
import { contentUrl, thumbnailUrl } from "../api/client";
import { formatDateTime } from "../format";
import { photoTime } from "../stores/createPhotoLibrary";
import { Icon } from "./Icon";
import { Spinner } from "./Spinner";
import "./Overlay.css";
import "./Lightbox.css";

// Originals the browser can show; others (HEIC, RAW) stay at the 720px preview.
const DISPLAYABLE = /^image\/(jpeg|png|gif|webp|avif|bmp|svg\+xml)$/;

interface LightboxProps {
  items: FileItem[];
  index: number;
  onIndex(index: number): void;
  onClose(): void;
}

/** Full-window view of one photo: the 720px preview at once, then the original for images. */
export function Lightbox(props: LightboxProps) {
  let dialog!: HTMLDialogElement;
  const item = () => props.items[props.index];
  const [originalSrc, setOriginalSrc] = createSignal("");

  const previewSrc = () => {
    const current = item();
    if (!current) return "";
    if (current.thumbnails.includes(720)) return thumbnailUrl(current.id, 720);
    if (current.thumbnails.includes(240)) return thumbnailUrl(current.id, 240);
    return "";
  };
  const isVideo = () => item()?.mime?.startsWith("video/") ?? false;

  // Fetch the original in the background and swap it in only once it has fully loaded.
  createEffect(
    on(item, (current) => {
      setOriginalSrc("");
      if (!current || !DISPLAYABLE.test(current.mime ?? "")) return;
      const image = new Image();
      const src = contentUrl(current.id);
      image.onload = () => {
        if (item()?.id === current.id) setOriginalSrc(src);
      };
      image.src = src;
      onCleanup(() => {
        image.onload = null;
      });
    }),
  );

  const move = (step: number) => {
    const next = props.index + step;
    if (next >= 0 && next < props.items.length) props.onIndex(next);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowLeft") move(-1);
    else if (event.key === "ArrowRight") move(1);
    else return;
    event.preventDefault();
  };

  // The photo may be trashed elsewhere while open.
  createEffect(() => {
    if (!item()) dialog.close();
  });

  onMount(() => dialog.showModal());

  return (
    <dialog ref={dialog} class="lightbox" aria-label="Photo viewer" onKeyDown={onKeyDown} onClose={() => props.onClose()} data-testid="lightbox">
      <Show when={item()}>
        {(current) => (
          <>
            <div class="lightbox__stage" onClick={(event) => event.target === event.currentTarget && dialog.close()}>
              <Switch>
                <Match when={isVideo()}>
                  <video
                    class="lightbox__media"
                    src={contentUrl(current().id)}
                    poster={previewSrc() || undefined}
                    controls
                    preload="metadata"
                  />
                </Match>
                <Match when={originalSrc() || previewSrc()}>
                  {(src) => <img class="lightbox__media" src={src()} alt={current().name} data-testid="lightbox-image" />}
                </Match>
                <Match when={true}>
                  <Spinner label="Preparing preview…" class="spinner--large" />
                </Match>
              </Switch>
            </div>
            <div class="lightbox__bar">
              <div class="lightbox__caption">
                <strong>{current().name}</strong>
                <span>
                  {formatDateTime(photoTime(current()))}
                  <Show when={current().media?.cameraModel}>
                    {(model) => <> · {[current().media?.cameraMake, model()].filter(Boolean).join(" ")}</>}
                  </Show>
                </span>
              </div>
              <a class="button button--quiet" href={contentUrl(current().id)} download={current().name}>
                Download
              </a>
            </div>
          </>
        )}
      </Show>
      <button type="button" class="lightbox__close icon-button" aria-label="Close" onClick={() => dialog.close()} autofocus>
        <Icon name="close" />
      </button>
      <button
        type="button"
        class="lightbox__nav lightbox__nav--prev icon-button"
        aria-label="Previous photo"
        disabled={props.index <= 0}
        onClick={() => move(-1)}
      >
        <Icon name="left" />
      </button>
      <button
        type="button"
        class="lightbox__nav lightbox__nav--next icon-button"
        aria-label="Next photo"
        disabled={props.index >= props.items.length - 1}
        onClick={() => move(1)}
      >
        <Icon name="right" />
      </button>
    </dialog>
  );
}
