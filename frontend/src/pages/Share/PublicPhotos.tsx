import type { PublicPhotosShare } from "@hearth/contract";
import { createSignal, Show } from "solid-js";
import { publicZipUrl, sharedContent } from "../../api/shares";
import { Icon } from "../../components/Icon";
import { Lightbox } from "../../components/Lightbox";
import { formatDateTime } from "../../format";
import { JustifiedGrid } from "../Photos/JustifiedGrid";

const dateOnly = (iso: string) => formatDateTime(iso).replace(/,? \d{1,2}:\d{2}.*$/, "");

/**
 * A link to an album or a selection of photos: the photos in the timeline's justified grid, a
 * lightbox, and the whole set as one ZIP unless the link is view-only.
 */
export function PublicPhotos(props: { token: string; share: PublicPhotosShare }) {
  const source = sharedContent(props.token);
  const [open, setOpen] = createSignal(-1);
  const photos = () => props.share.photos;
  const range = () => {
    const dates = photos()
      .map((p) => p.media?.takenAt ?? p.createdAt)
      .sort();
    if (dates.length === 0) return "";
    const [first, last] = [dateOnly(dates[0]!), dateOnly(dates.at(-1)!)];
    return first === last ? first : `${first} – ${last}`;
  };
  return (
    <section class="public-album" aria-labelledby="public-album-title" data-testid="public-album">
      <div class="page-header">
        <div>
          <h1 id="public-album-title" class="page-header__title">
            {props.share.title}
          </h1>
          <p class="muted" data-testid="public-album-count">
            {photos().length} {photos().length === 1 ? "item" : "items"}
            <Show when={range()}> · {range()}</Show>
          </p>
        </div>
        <div class="page-header__actions">
          <Show when={props.share.allowDownload} fallback={<span class="badge">View only</span>}>
            <a
              class="button button--primary"
              href={publicZipUrl(props.token)}
              download=""
              data-testid="public-download"
            >
              <Icon name="download" />
              <span>Download all</span>
            </a>
          </Show>
        </div>
      </div>
      <Show when={photos().length > 0} fallback={<p class="muted">Nothing here any more.</p>}>
        <JustifiedGrid items={photos()} source={source} onOpen={(item) => setOpen(photos().indexOf(item))} />
      </Show>
      <Show when={open() >= 0}>
        <Lightbox
          items={photos()}
          index={open()}
          onIndex={setOpen}
          onClose={() => setOpen(-1)}
          source={source}
          canDownload={props.share.allowDownload}
        />
      </Show>
    </section>
  );
}
