import type { FileItem } from "@hearth/contract";
import { createSignal, Match, onCleanup, Show, Switch } from "solid-js";
import { thumbHashToDataURL } from "thumbhash";
import { thumbnailUrl } from "../api/client";
import { partnerContent } from "../api/partners";
import type { ContentSource } from "../api/shares";
import { formatDuration } from "../format";
import { Icon } from "./Icon";
import { processingProblem } from "./processingProblem";
import { Spinner } from "./Spinner";
import "./PhotoTile.css";

/** How long a finger rests on a tile before it starts a selection, as on Android. */
const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP_PX = 10;

// Decoded ThumbHashes by hash: scrolling back to a tile costs nothing.
const decoded = new Map<string, string>();

/** A data URL of the tile's ThumbHash (a blurred miniature of the photo), or undefined without one. */
function thumbhashImage(item: FileItem): string | undefined {
  const hash = item.media?.thumbhash;
  if (!hash) return undefined;
  let url = decoded.get(hash);
  if (url === undefined) {
    try {
      url = thumbHashToDataURL(Uint8Array.from(atob(hash), (char) => char.charCodeAt(0)));
    } catch {
      url = "";
    }
    if (decoded.size > 5000) decoded.clear();
    decoded.set(hash, url);
  }
  return url || undefined;
}

/** The average colour the media process computed ("#rrggbb"), for before the ThumbHash is drawn. */
function placeholderColour(item: FileItem): string | undefined {
  const colour = item.media?.placeholderColour;
  return colour && /^#[0-9a-f]{6}$/i.test(colour) ? colour : undefined;
}

export interface TileSelection {
  selected: boolean;
  /** Some photo is selected: a click selects instead of opening, and every check shows. */
  selecting: boolean;
  /** Toggle this one; `range` (Shift) selects from the last one picked to this one. */
  onSelect(range: boolean): void;
}

/**
 * One tile of the timeline: its ThumbHash (or colour) until the 240px thumbnail is ready, then the
 * image; a check in the corner (on hover, and always while a selection exists) selects it; a long
 * press on touch does too. `data-ready` turns "true" only once the <img> is actually shown.
 */
export function PhotoTile(props: {
  item: FileItem;
  failed: boolean;
  onOpen(): void;
  selection?: TileSelection;
  /** Where the thumbnail comes from: the owner's routes unless an album or a link says otherwise. */
  source?: ContentSource;
}) {
  const [loadedSrc, setLoadedSrc] = createSignal("");
  const [broken, setBroken] = createSignal(false);
  // A partner's photo (partner sharing) is read through the share, and is not the viewer's to select.
  const owner = () => props.item.owner;
  const source = () => props.source ?? (owner() ? partnerContent(owner()!.id) : undefined);
  const src = () =>
    props.item.thumbnails.includes(240)
      ? (source()?.thumbnail(props.item.id, 240) ?? thumbnailUrl(props.item.id, 240))
      : "";
  const selection = () => (owner() ? undefined : props.selection);
  const shown = () => !!src() && loadedSrc() === src();
  const isVideo = () => props.item.mime?.startsWith("video/") ?? false;
  const problem = () => processingProblem(props.item);
  const failed = () => props.failed || problem() !== null;
  const placeholder = () => thumbhashImage(props.item);
  const selected = () => selection()?.selected ?? false;

  // A long press selects; the click that ends it must not also open (or toggle back).
  let pressTimer: ReturnType<typeof setTimeout> | undefined;
  let pressed = false;
  let pressAt = { x: 0, y: 0 };
  const cancelPress = () => clearTimeout(pressTimer);
  onCleanup(cancelPress);
  // A finger that moves is scrolling, not pressing.
  const onPointerMove = (event: PointerEvent) => {
    if (Math.hypot(event.clientX - pressAt.x, event.clientY - pressAt.y) > LONG_PRESS_SLOP_PX) cancelPress();
  };
  const onPointerDown = (event: PointerEvent) => {
    pressed = false;
    if (event.pointerType !== "touch" || !selection()) return;
    pressAt = { x: event.clientX, y: event.clientY };
    pressTimer = setTimeout(() => {
      pressed = true;
      selection()?.onSelect(false);
      navigator.vibrate?.(20);
    }, LONG_PRESS_MS);
  };
  const onClick = (event: MouseEvent) => {
    if (pressed) {
      pressed = false;
      return;
    }
    const chosen = selection();
    if (chosen && (chosen.selecting || event.shiftKey)) chosen.onSelect(event.shiftKey);
    else props.onOpen();
  };

  return (
    <div
      class="photo-tile-frame"
      classList={{
        "photo-tile-frame--selected": selected(),
        "photo-tile-frame--selecting": selection()?.selecting ?? false,
      }}
    >
      <button
        type="button"
        class="photo-tile"
        style={{
          "background-color": placeholderColour(props.item),
          "background-image": placeholder() ? `url(${placeholder()})` : undefined,
        }}
        classList={{ "photo-tile--ready": shown() }}
        data-testid="photo-tile"
        data-file-id={props.item.id}
        data-ready={shown() ? "true" : "false"}
        data-selected={selected() ? "true" : "false"}
        aria-label={`${isVideo() ? "Video" : "Photo"} ${props.item.name}`}
        onClick={onClick}
        onPointerDown={onPointerDown}
        onPointerUp={cancelPress}
        onPointerCancel={cancelPress}
        onPointerMove={onPointerMove}
        onContextMenu={(event) => pressed && event.preventDefault()}
      >
        <Switch>
          <Match when={src() && !broken()}>
            <img
              src={src()}
              alt=""
              decoding="async"
              draggable={false}
              onLoad={(event) => setLoadedSrc(event.currentTarget.getAttribute("src") ?? "")}
              onError={() => setBroken(true)}
            />
          </Match>
          <Match when={broken() || failed()}>
            <span class="photo-tile__placeholder" data-testid="processing-failed-badge">
              <Icon name="broken" title={problem() ?? "No preview available"} />
            </span>
          </Match>
        </Switch>
        {/* The ThumbHash is the placeholder when there is one; the spinner only without it. */}
        <Show when={!shown() && !broken() && !failed() && !placeholder()}>
          <span class="photo-tile__placeholder">
            <Spinner label="Preparing preview…" />
          </span>
        </Show>
        <Show when={isVideo()}>
          <span class="photo-tile__badge">
            <Icon name="play" />
            <Show when={props.item.media?.durationSeconds}>{(seconds) => formatDuration(seconds())}</Show>
          </span>
        </Show>
        <Show when={owner()}>
          {(who) => (
            <span class="photo-tile__owner" title={`${who().name}'s photo`} data-testid="photo-tile-owner">
              {who().name.slice(0, 1).toUpperCase()}
            </span>
          )}
        </Show>
        <Show when={props.item.starred}>
          <span class="photo-tile__star" data-testid="photo-tile-star">
            <Icon name="starFilled" title="Favourite" />
          </span>
        </Show>
      </button>
      <Show when={selection()}>
        {(tileSelection) => (
          <button
            type="button"
            class="photo-tile__check"
            role="checkbox"
            aria-checked={selected()}
            aria-label={`Select ${props.item.name}`}
            data-testid="photo-check"
            onClick={(event) => tileSelection().onSelect(event.shiftKey)}
          >
            <Icon name="check" />
          </button>
        )}
      </Show>
    </div>
  );
}
