import type { FileItem } from "@hearth/contract";
import {
  createEffect,
  createMemo,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
  type Accessor,
  type Setter,
} from "solid-js";
import { ownContent, type ContentSource } from "../api/shares";
import { formatDateTime } from "../format";
import { photoTime } from "../stores/createTimeline";
import { Icon } from "./Icon";
import "./Slideshow.css";

/** How long a photo stays before the next one fades in. */
export const SLIDE_MS = 5000;
/** The cross-fade (Slideshow.css says the same). */
const FADE_MS = 800;
/** A video plays muted until it ends, but for no longer than this. */
const VIDEO_MAX_MS = 30_000;
/** Controls fade after this long without the mouse moving (while playing). */
const CONTROLS_IDLE_MS = 3000;
const SWIPE_PX = 50;
/** More photos are asked for when this few remain ahead. */
const MORE_AHEAD = 5;
// Originals the browser can show (as in the lightbox); others stay at the 720px preview.
const DISPLAYABLE = /^image\/(jpeg|png|gif|webp|avif|bmp)$/;

export interface SlideshowProps {
  /** The photos, in the order they play; the list may grow as `loadMore` fetches. */
  items: FileItem[];
  /** Where in `items` to start. */
  start: number;
  /** Fetches the photos that follow the last of `items` (a paged source); resolves false when there are none. */
  loadMore?: () => Promise<boolean>;
  /** Where the photos' bytes come from: the owner's routes unless an album says otherwise. */
  source?: ContentSource;
  /** A line about a photo beside its date, e.g. "1 year ago". */
  caption?: (item: FileItem) => string | undefined;
  onClose(): void;
}

/** One photo on the stage: it fades in once loaded, and out when the next one has. */
interface Layer {
  item: FileItem;
  src: string;
  phase: Accessor<"loading" | "shown" | "leaving">;
  setPhase: Setter<"loading" | "shown" | "leaving">;
  /** Time left on this slide (ms): a pause keeps it, a resume goes on from it. */
  remaining: number;
}

const isVideo = (item: FileItem) => item.mime?.startsWith("video/") ?? false;

/**
 * A full-window slideshow of a list of photos: each photo the 720px preview (or its original, on
 * a big screen, once preloaded), cross-fading to the next every SLIDE_MS; videos play muted and
 * move on when they end. Keys: Space pause/play, ←/→ previous/next, F full screen, Esc close.
 * On a phone a tap shows the controls and a swipe moves. A paged source grows as it plays; a
 * complete list starts over at its end.
 */
export function Slideshow(props: SlideshowProps) {
  let dialog!: HTMLDialogElement;
  const source = () => props.source ?? ownContent;
  const [index, setIndex] = createSignal(Math.max(0, Math.min(props.start, props.items.length - 1)));
  const [playing, setPlaying] = createSignal(true);
  const [fullscreen, setFullscreen] = createSignal(false);
  const [controls, setControls] = createSignal(true);
  const [layers, setLayers] = createSignal<Layer[]>([]);
  const [exhausted, setExhausted] = createSignal(!props.loadMore);
  const current = () => props.items[index()];
  const top = () => layers().at(-1);

  // Originals of the screen's size are worth their bytes only where 720 px would look soft.
  const bigScreen = Math.max(screen.width, screen.height) * (devicePixelRatio || 1) > 1440;
  const preloaded = new Set<string>();
  const previewOf = (item: FileItem) =>
    item.thumbnails.includes(720)
      ? source().thumbnail(item.id, 720)
      : item.thumbnails.includes(240)
        ? source().thumbnail(item.id, 240)
        : "";
  const originalOf = (item: FileItem) =>
    bigScreen && DISPLAYABLE.test(item.mime ?? "") ? source().content(item.id) : "";
  const srcOf = (item: FileItem) => {
    if (isVideo(item)) return item.media?.videoPreview ? source().preview(item.id) : source().content(item.id);
    const original = originalOf(item);
    return original && preloaded.has(original) ? original : previewOf(item);
  };

  // A new photo gets a layer above the others; the layers below leave once it has loaded.
  createEffect(
    on(current, (item) => {
      if (!item) return;
      if (top()?.item.id === item.id) return;
      const [phase, setPhase] = createSignal<"loading" | "shown" | "leaving">("loading");
      const layer: Layer = {
        item,
        src: srcOf(item),
        phase,
        setPhase,
        remaining: isVideo(item) ? VIDEO_MAX_MS : SLIDE_MS,
      };
      // At most one older layer stays (the one fading out); a fast ← → skips the rest.
      setLayers((list) => [...list.filter((l) => l.phase() === "shown").slice(-1), layer]);
      if (!layer.src) shown(layer);
    }),
  );
  const fadeTimers = new Set<ReturnType<typeof setTimeout>>();
  function shown(layer: Layer) {
    // A layer already dropped (a quick ← →) may still finish loading: it must not push out the current one.
    if (layer.phase() !== "loading" || !layers().includes(layer)) return;
    layer.setPhase("shown");
    for (const other of layers()) if (other !== layer) other.setPhase("leaving");
    const timer = setTimeout(() => {
      fadeTimers.delete(timer);
      setLayers((list) => list.filter((l) => l.phase() !== "leaving"));
    }, FADE_MS);
    fadeTimers.add(timer);
  }
  onCleanup(() => fadeTimers.forEach(clearTimeout));

  // The list may lose photos while open (trashed elsewhere): stay in range, close when none are left.
  createEffect(() => {
    if (props.items.length === 0) dialog.close();
    else if (index() >= props.items.length) setIndex(props.items.length - 1);
  });

  // A paged source: one request at a time, started while a few photos remain ahead.
  let fetching: Promise<void> | null = null;
  const fetchMore = (): Promise<void> => {
    const loadMore = props.loadMore;
    if (exhausted() || !loadMore) return Promise.resolve();
    fetching ??= (async () => {
      try {
        setExhausted(!(await loadMore()));
      } catch {
        setExhausted(true);
      } finally {
        fetching = null;
      }
    })();
    return fetching;
  };
  createEffect(() => {
    if (props.items.length - index() <= MORE_AHEAD) void fetchMore();
  });

  // The next photo loads while this one shows.
  createEffect(
    on(index, (at) => {
      const next = props.items[at + 1];
      if (!next || isVideo(next)) return;
      const preview = new Image();
      preview.src = previewOf(next);
      const original = originalOf(next);
      if (!original) return;
      const image = new Image();
      image.onload = () => preloaded.add(original);
      image.src = original;
    }),
  );

  async function move(step: 1 | -1) {
    const target = index() + step;
    if (target < 0) {
      if (exhausted()) setIndex(props.items.length - 1);
      return;
    }
    if (target >= props.items.length) await fetchMore();
    setIndex(target < props.items.length ? target : 0);
  }

  // Playing: the shown photo's time runs out, then the next one comes.
  createEffect(() => {
    const layer = top();
    if (!layer || layer.phase() !== "shown" || !playing()) return;
    const started = performance.now();
    const timer = setTimeout(() => void move(1), layer.remaining);
    onCleanup(() => {
      clearTimeout(timer);
      layer.remaining = Math.max(0, layer.remaining - (performance.now() - started));
    });
  });

  const togglePlaying = () => setPlaying(!playing());
  // The page goes full screen, not the dialog (browsers refuse a modal dialog): the dialog, in
  // the top layer, covers it all the same.
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  const onFullscreenChange = () => setFullscreen(document.fullscreenElement !== null);
  document.addEventListener("fullscreenchange", onFullscreenChange);
  const leaveFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  };
  onCleanup(() => {
    document.removeEventListener("fullscreenchange", onFullscreenChange);
    leaveFullscreen();
  });
  const close = () => {
    leaveFullscreen();
    dialog.close();
  };

  // Controls show on a mouse move and fade after a while of stillness, while playing.
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const wake = () => {
    setControls(true);
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => playing() && setControls(false), CONTROLS_IDLE_MS);
  };
  createEffect(on(playing, wake));
  onCleanup(() => clearTimeout(idleTimer));

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === " ") togglePlaying();
    else if (event.key === "ArrowRight") void move(1);
    else if (event.key === "ArrowLeft") void move(-1);
    else if (event.key.toLowerCase() === "f") toggleFullscreen();
    else if (event.key === "Escape") close();
    else return;
    // Space must not also press the focused button.
    event.preventDefault();
    wake();
  };

  // Touch: a tap shows or hides the controls, a swipe moves.
  let press: { x: number; y: number; id: number } | null = null;
  const onPointerDown = (event: PointerEvent) => {
    if (event.button === 0) press = { x: event.clientX, y: event.clientY, id: event.pointerId };
  };
  const onPointerUp = (event: PointerEvent) => {
    if (!press || press.id !== event.pointerId) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    press = null;
    if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(dy)) void move(dx < 0 ? 1 : -1);
    else if (Math.hypot(dx, dy) < 10) {
      if (controls()) setControls(false);
      else wake();
    }
  };

  const counter = createMemo(() => `${index() + 1} / ${props.items.length}${exhausted() ? "" : "+"}`);

  onMount(() => {
    dialog.showModal();
    dialog.focus();
  });

  return (
    <dialog
      ref={dialog}
      class="slideshow"
      classList={{ "slideshow--idle": !controls() }}
      aria-label="Slideshow"
      tabIndex={-1}
      data-playing={playing()}
      data-testid="slideshow"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClose={() => props.onClose()}
      onPointerMove={(event) => event.pointerType === "mouse" && wake()}
    >
      <div
        class="slideshow__stage"
        data-testid="slideshow-stage"
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (press = null)}
      >
        <For each={layers()}>
          {(layer) => (
            <Show
              when={layer.src}
              fallback={
                <p
                  class="slideshow__slide slideshow__missing"
                  classList={{ [`slideshow__slide--${layer.phase()}`]: true }}
                >
                  {layer.item.name}: no preview yet
                </p>
              }
            >
              <Show
                when={isVideo(layer.item)}
                fallback={
                  <img
                    class="slideshow__slide"
                    classList={{ [`slideshow__slide--${layer.phase()}`]: true }}
                    src={layer.src}
                    alt={layer.item.name}
                    draggable={false}
                    data-testid={layer === top() ? "slideshow-image" : undefined}
                    data-phase={layer.phase()}
                    onLoad={() => shown(layer)}
                    onError={() => shown(layer)}
                  />
                }
              >
                <video
                  ref={(video) =>
                    createEffect(() => {
                      if (layer === top() && playing() && layer.phase() === "shown")
                        void video.play().catch(() => undefined);
                      else video.pause();
                    })
                  }
                  class="slideshow__slide"
                  classList={{ [`slideshow__slide--${layer.phase()}`]: true }}
                  src={layer.src}
                  poster={previewOf(layer.item) || undefined}
                  aria-label={layer.item.name}
                  muted
                  playsinline
                  preload="auto"
                  data-testid={layer === top() ? "slideshow-video" : undefined}
                  data-phase={layer.phase()}
                  onLoadedData={() => shown(layer)}
                  onError={() => {
                    // A video this browser cannot play: its poster, for a photo's time.
                    layer.remaining = SLIDE_MS;
                    shown(layer);
                  }}
                  onEnded={() => layer === top() && playing() && void move(1)}
                />
              </Show>
            </Show>
          )}
        </For>
      </div>
      <Show when={top()} keyed>
        {(layer) => (
          <div class="slideshow__progress" aria-hidden="true">
            <Show when={!isVideo(layer.item)}>
              <div
                class="slideshow__progress-bar"
                classList={{ "slideshow__progress-bar--running": layer.phase() !== "loading" }}
                style={{
                  "animation-duration": `${SLIDE_MS}ms`,
                  "animation-play-state": playing() ? "running" : "paused",
                }}
              />
            </Show>
          </div>
        )}
      </Show>
      <div class="slideshow__bar">
        <div class="slideshow__caption">
          <Show when={current()}>
            {(item) => (
              <>
                <strong data-testid="slideshow-name">{item().name}</strong>
                <span>{[props.caption?.(item()), formatDateTime(photoTime(item()))].filter(Boolean).join(" · ")}</span>
              </>
            )}
          </Show>
        </div>
        <span class="slideshow__counter" data-testid="slideshow-counter">
          {counter()}
        </span>
        <div class="slideshow__buttons">
          <button type="button" class="icon-button" aria-label="Previous (←)" onClick={() => void move(-1)}>
            <Icon name="left" />
          </button>
          <button
            type="button"
            class="icon-button"
            aria-label={playing() ? "Pause (Space)" : "Play (Space)"}
            data-testid="slideshow-play"
            onClick={togglePlaying}
          >
            <Icon name={playing() ? "pause" : "play"} />
          </button>
          <button type="button" class="icon-button" aria-label="Next (→)" onClick={() => void move(1)}>
            <Icon name="right" />
          </button>
          <Show when={document.fullscreenEnabled}>
            <button
              type="button"
              class="icon-button"
              aria-label={fullscreen() ? "Exit full screen (F)" : "Full screen (F)"}
              aria-pressed={fullscreen()}
              data-testid="slideshow-fullscreen"
              onClick={toggleFullscreen}
            >
              <Icon name={fullscreen() ? "collapse" : "expand"} />
            </button>
          </Show>
        </div>
      </div>
      <button
        type="button"
        class="slideshow__close icon-button"
        aria-label="Close (Esc)"
        data-testid="slideshow-close"
        onClick={close}
      >
        <Icon name="close" />
      </button>
    </dialog>
  );
}
