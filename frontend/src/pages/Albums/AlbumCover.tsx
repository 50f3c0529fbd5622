import type { AlbumSummary } from "@hearth/contract";
import { Show } from "solid-js";
import { thumbHashToDataURL } from "thumbhash";
import { albumContent } from "../../api/albums";
import { Icon } from "../../components/Icon";

function placeholder(hash: string | null): string | undefined {
  if (!hash) return undefined;
  try {
    return thumbHashToDataURL(Uint8Array.from(atob(hash), (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** An album's cover photo (through the album, so a contributor's photo shows to everyone), or an empty frame. */
export function AlbumCover(props: { album: AlbumSummary; size: 240 | 720; class?: string }) {
  return (
    <span
      class={`album-cover ${props.class ?? ""}`}
      style={{
        "background-color": props.album.cover?.placeholderColour ?? undefined,
        "background-image": props.album.cover?.thumbhash
          ? `url(${placeholder(props.album.cover.thumbhash)})`
          : undefined,
      }}
    >
      <Show when={props.album.cover} fallback={<Icon name="photos" class="album-cover__empty" />}>
        {(cover) => (
          <Show when={cover().hasThumbnail}>
            <img src={albumContent(props.album.id).thumbnail(cover().fileId, props.size)} alt="" loading="lazy" />
          </Show>
        )}
      </Show>
    </span>
  );
}
