import type { FileItem } from "@hearth/contract";
import { createEffect, createSignal, Match, on, onCleanup, onMount, Show, Switch, type JSX } from "solid-js";
import { startDownload } from "../api/drive";
import { partnerContent } from "../api/partners";
import { ownContent, type ContentSource } from "../api/shares";
import { formatDateTime } from "../format";
import { photoTime } from "../stores/createTimeline";
import { Icon } from "./Icon";
import { LightboxInfo } from "./LightboxInfo";
import { Spinner } from "./Spinner";
import "./Overlay.css";
import "./Lightbox.css";

// Originals the browser can show; others (HEIC, RAW) stay at the 720px preview.
const DISPLAYABLE = /^image\/(jpeg|png|gif|webp|avif|bmp|svg\+xml)$/;
const SWIPE_PX = 50;
const MAX_ZOOM = 8;

interface LightboxProps {
  items: FileItem[];
  index: number;
  onIndex(index: number): void;
  onClose(): void;
  onFavourite?(item: FileItem): void;
  onArchive?(item: FileItem): void;
  onTrash?(item: FileItem): void;
  /** "Add to album" (the timeline, Drive). */
  onAddToAlbum?(item: FileItem): void;
  /** Where the photos' bytes come from: the owner's routes unless an album or a link says otherwise. */
  source?: ContentSource;
  /** False on a view-only link: no Download button. */
  canDownload?: boolean;
  /** More buttons for the bar (an album's "Remove from album", "Set as cover"). */
  actions?: (item: FileItem) => JSX.Element;
  /** Lines for the info panel, e.g. who added it to an album. */
  details?: (item: FileItem) => [string, string][];
}

/**
 * Full-window view of one photo, always whole: the image box has the photo's own aspect ratio,
 * as large as the window allows. The 720px preview at once, then the original for images the
 * browser can show. Keys: ←/→, Esc, F favourite, I info, Delete trash, Shift+D download; swipe
 * on touch; wheel or pinch to zoom, drag to pan.
 */
export function Lightbox(props: LightboxProps) {
  let dialog!: HTMLDialogElement;
  const item = () => props.items[props.index];
  const [originalSrc, setOriginalSrc] = createSignal("");
  const [info, setInfo] = createSignal(false);
  const [zoom, setZoom] = createSignal({ scale: 1, x: 0, y: 0 });
  // A partner's photo (partner sharing) is read through the share, and only looked at: none of the owner's actions.
  const partnerOwner = () => item()?.owner;
  const source = () => props.source ?? (partnerOwner() ? partnerContent(partnerOwner()!.id) : ownContent);
  const yours = () => !partnerOwner();
  const thumbnailUrl = (id: string, size: 240 | 720) => source().thumbnail(id, size);
  const contentUrl = (id: string) => source().content(id);
  const videoPreviewUrl = (id: string) => source().preview(id);
  const canDownload = () => props.canDownload !== false;

  const previewSrc = () => {
    const current = item();
    if (!current) return "";
    if (current.thumbnails.includes(720)) return thumbnailUrl(current.id, 720);
    if (current.thumbnails.includes(240)) return thumbnailUrl(current.id, 240);
    return "";
  };
  const isVideo = () => item()?.mime?.startsWith("video/") ?? false;
  const ratio = () => {
    const media = item()?.media;
    return media?.width && media.height ? media.width / media.height : null;
  };

  // Fetch the original in the background and swap it in only once it has fully loaded.
  createEffect(
    on(item, (current) => {
      setOriginalSrc("");
      setZoom({ scale: 1, x: 0, y: 0 });
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
    const current = item();
    if (!current || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "ArrowLeft") move(-1);
    else if (event.key === "ArrowRight") move(1);
    else if (event.key.toLowerCase() === "f" && !event.shiftKey && yours()) props.onFavourite?.(current);
    else if (event.key.toLowerCase() === "i") setInfo(!info());
    else if (event.key === "Delete" && yours()) props.onTrash?.(current);
    else if (event.key === "D" && event.shiftKey && canDownload()) startDownload(source().download(current.id));
    else return;
    event.preventDefault();
  };

  // Zoom with the wheel about the pointer; pan by dragging when zoomed; swipe to move when not.
  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const { scale, x, y } = zoom();
    const next = Math.min(MAX_ZOOM, Math.max(1, scale * Math.exp(-event.deltaY / 300)));
    setZoom(next === 1 ? { scale: 1, x: 0, y: 0 } : { scale: next, x: (x * next) / scale, y: (y * next) / scale });
  };
  const pointers = new Map<number, { x: number; y: number }>();
  let gesture: { x: number; y: number; pinch: number; scale: number; panX: number; panY: number } | null = null;
  const distance = () => {
    const [a, b] = [...pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 || isVideo()) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    const { scale, x, y } = zoom();
    gesture = { x: event.clientX, y: event.clientY, pinch: distance(), scale, panX: x, panY: y };
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!gesture || !pointers.has(event.pointerId)) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2 && gesture.pinch > 0) {
      const scale = Math.min(MAX_ZOOM, Math.max(1, (gesture.scale * distance()) / gesture.pinch));
      setZoom({ ...zoom(), scale });
    } else if (zoom().scale > 1) {
      setZoom({ ...zoom(), x: gesture.panX + event.clientX - gesture.x, y: gesture.panY + event.clientY - gesture.y });
    }
  };
  const onPointerUp = (event: PointerEvent) => {
    if (gesture && pointers.size === 1 && zoom().scale === 1) {
      const dx = event.clientX - gesture.x;
      const dy = event.clientY - gesture.y;
      if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(dy)) move(dx < 0 ? 1 : -1);
    }
    pointers.delete(event.pointerId);
    if (pointers.size === 0) gesture = null;
  };

  // The photo may be trashed elsewhere while open.
  createEffect(() => {
    if (!item()) dialog.close();
  });

  onMount(() => dialog.showModal());

  return (
    <dialog
      ref={dialog}
      class="lightbox"
      classList={{ "lightbox--info": info() }}
      aria-label="Photo viewer"
      onKeyDown={onKeyDown}
      onClose={() => props.onClose()}
      data-testid="lightbox"
    >
      <Show when={item()}>
        {(current) => (
          <>
            <div
              class="lightbox__stage"
              onClick={(event) => event.target === event.currentTarget && dialog.close()}
              onWheel={onWheel}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
              data-testid="lightbox-stage"
            >
              <Switch>
                <Match when={isVideo()}>
                  {/* The 720p H.264 preview when the media process made one (the original would not play well), else the original. */}
                  <video
                    class="lightbox__media"
                    src={current().media?.videoPreview ? videoPreviewUrl(current().id) : contentUrl(current().id)}
                    data-testid="lightbox-video"
                    poster={previewSrc() || undefined}
                    controls
                    preload="metadata"
                  />
                </Match>
                <Match when={originalSrc() || previewSrc()}>
                  {(src) => (
                    <img
                      class="lightbox__media lightbox__photo"
                      style={{
                        "--ratio": String(ratio() ?? 1),
                        "aspect-ratio": ratio() ? String(ratio()) : undefined,
                        transform: `translate(${zoom().x}px, ${zoom().y}px) scale(${zoom().scale})`,
                      }}
                      classList={{ "lightbox__photo--measured": ratio() !== null }}
                      src={src()}
                      alt={current().name}
                      draggable={false}
                      data-testid="lightbox-image"
                    />
                  )}
                </Match>
                <Match when={true}>
                  <Spinner label="Preparing preview…" class="spinner--large" />
                </Match>
              </Switch>
            </div>
            <div class="lightbox__bar">
              <div class="lightbox__caption">
                <strong>{current().name}</strong>
                <Show when={current().owner}>
                  {(owner) => <span data-testid="lightbox-owner">{owner().name}'s photo</span>}
                </Show>
                <span data-testid="lightbox-date">{formatDateTime(photoTime(current()))}</span>
              </div>
              <div class="lightbox__actions">
                <Show when={props.onFavourite && yours()}>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={current().starred ? "Remove from favourites (F)" : "Favourite (F)"}
                    aria-pressed={current().starred}
                    data-testid="lightbox-favourite"
                    onClick={() => props.onFavourite?.(current())}
                  >
                    <Icon name={current().starred ? "starFilled" : "star"} />
                  </button>
                </Show>
                <button
                  type="button"
                  class="icon-button"
                  aria-label="Info (I)"
                  aria-pressed={info()}
                  onClick={() => setInfo(!info())}
                >
                  <Icon name="info" />
                </button>
                <Show when={props.onArchive && yours()}>
                  <button type="button" class="button button--quiet" onClick={() => props.onArchive?.(current())}>
                    {current().archivedAt ? "Unarchive" : "Archive"}
                  </button>
                </Show>
                <Show when={props.onAddToAlbum && yours()}>
                  <button
                    type="button"
                    class="button button--quiet"
                    data-testid="lightbox-add-to-album"
                    onClick={() => props.onAddToAlbum?.(current())}
                  >
                    Add to album
                  </button>
                </Show>
                {props.actions?.(current())}
                <Show when={canDownload()}>
                  <a class="button button--quiet" href={contentUrl(current().id)} download={current().name}>
                    Download
                  </a>
                </Show>
                <Show when={props.onTrash && yours()}>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label="Move to trash (Delete)"
                    onClick={() => props.onTrash?.(current())}
                  >
                    <Icon name="trash" />
                  </button>
                </Show>
              </div>
            </div>
            <Show when={info()}>
              <LightboxInfo item={current()} details={props.details?.(current())} />
            </Show>
          </>
        )}
      </Show>
      <button
        type="button"
        class="lightbox__close icon-button"
        aria-label="Close"
        onClick={() => dialog.close()}
        autofocus
      >
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
