import type { FileItem } from "@hearth/contract";
import { createSignal, Match, Show, Switch } from "solid-js";
import { thumbnailUrl } from "../api/client";
import { formatDuration } from "../format";
import { Icon } from "./Icon";
import { processingProblem } from "./processingProblem";
import { Spinner } from "./Spinner";

/**
 * The colour a tile shows before its thumbnail: the media process's dominant colour once it
 * computes one (`media.placeholder`, "#rrggbb"); the theme's neutral surface until then.
 */
function placeholderColour(item: FileItem): string | undefined {
  const placeholder = (item.media as { placeholder?: unknown } | undefined)?.placeholder;
  return typeof placeholder === "string" && /^#[0-9a-f]{6}$/i.test(placeholder) ? placeholder : undefined;
}

/**
 * One tile of the timeline: a spinner until the 240px thumbnail is ready, then the image.
 * `data-ready` turns "true" only once the <img> is actually shown.
 */
export function PhotoTile(props: { item: FileItem; failed: boolean; onOpen(): void }) {
  const [loadedSrc, setLoadedSrc] = createSignal("");
  const [broken, setBroken] = createSignal(false);
  const src = () => (props.item.thumbnails.includes(240) ? thumbnailUrl(props.item.id, 240) : "");
  const shown = () => !!src() && loadedSrc() === src();
  const isVideo = () => props.item.mime?.startsWith("video/") ?? false;
  const problem = () => processingProblem(props.item);
  const failed = () => props.failed || problem() !== null;

  return (
    <button
      type="button"
      class="photo-tile"
      style={{ "background-color": placeholderColour(props.item) }}
      classList={{ "photo-tile--ready": shown() }}
      data-testid="photo-tile"
      data-file-id={props.item.id}
      data-ready={shown() ? "true" : "false"}
      aria-label={`${isVideo() ? "Video" : "Photo"} ${props.item.name}`}
      onClick={() => props.onOpen()}
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
      <Show when={!shown() && !broken() && !failed()}>
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
    </button>
  );
}
