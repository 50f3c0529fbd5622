import type { FileItem, MemoryYear } from "@hearth/contract";
import { createSignal, For, Show } from "solid-js";
import { thumbnailUrl } from "../../api/client";
import { memoriesApi } from "../../api/memories";
import { listSlides, type SlideshowPlan } from "../../components/SlideshowPlan";
import type { EventHub } from "../../stores/createEventHub";
import "./MemoriesStrip.css";

/** "1 year ago", "3 years ago" */
export const yearsAgoLabel = (years: number) => `${years} ${years === 1 ? "year" : "years"} ago`;

const coverOf = (item: FileItem) =>
  item.thumbnails.includes(720)
    ? thumbnailUrl(item.id, 720)
    : item.thumbnails.includes(240)
      ? thumbnailUrl(item.id, 240)
      : undefined;

/**
 * "On this day" at the top of the timeline: a card per earlier year with photos taken on today's
 * date (this browser's calendar), newest year first, like Google Photos' memories. Nothing at all
 * when there are none. A card plays every memory as a slideshow, from that year's first photo.
 */
export function MemoriesStrip(props: { hub: EventHub; onPlay(plan: SlideshowPlan): void }) {
  const [years, setYears] = createSignal<MemoryYear[]>([]);
  const load = () =>
    memoriesApi.onThisDay().then(
      (answer) => setYears(answer.years),
      () => setYears([]),
    );
  void load();
  // A photo trashed or archived elsewhere is no memory any more; fetch again after a resync.
  props.hub.listen((event) => {
    const gone =
      event.type === "file.trashed" || event.type === "file.deleted"
        ? event.fileId
        : event.type === "file.updated" && event.file.archivedAt
          ? event.file.id
          : null;
    if (!gone || !years().some((year) => year.items.some((item) => item.id === gone))) return;
    setYears((list) =>
      list
        .map((year) => ({ ...year, items: year.items.filter((item) => item.id !== gone) }))
        .filter((year) => year.items.length > 0),
    );
  });
  props.hub.onResync(() => void load());

  const play = (year: MemoryYear) => {
    const all = years().flatMap((y) => y.items);
    const yearOf = new Map(years().flatMap((y) => y.items.map((item) => [item.id, y.yearsAgo] as const)));
    props.onPlay(
      listSlides(all, all.indexOf(year.items[0]!), {
        caption: (item) => {
          const ago = yearOf.get(item.id);
          return ago === undefined ? undefined : yearsAgoLabel(ago);
        },
      }),
    );
  };

  return (
    <Show when={years().length > 0}>
      <section class="memories" aria-labelledby="memories-title" data-testid="memories">
        <h2 id="memories-title" class="memories__title">
          On this day
        </h2>
        <ul class="memories__cards">
          <For each={years()}>
            {(year) => {
              const count = () =>
                `${year.items.length}${year.more ? "+" : ""} ${year.items.length === 1 ? "photo" : "photos"}`;
              return (
                <li>
                  <button
                    type="button"
                    class="memory-card"
                    style={{ "background-color": year.items[0]!.media?.placeholderColour ?? undefined }}
                    aria-label={`${yearsAgoLabel(year.yearsAgo)}, ${year.year}: ${count()}. Play as a slideshow`}
                    data-testid="memory-card"
                    data-years-ago={year.yearsAgo}
                    onClick={() => play(year)}
                  >
                    <Show when={coverOf(year.items[0]!)}>
                      {(src) => <img class="memory-card__cover" src={src()} alt="" loading="lazy" draggable={false} />}
                    </Show>
                    <span class="memory-card__label">
                      <strong>{yearsAgoLabel(year.yearsAgo)}</strong>
                      <span>
                        {year.year} · {count()}
                      </span>
                    </span>
                  </button>
                </li>
              );
            }}
          </For>
        </ul>
      </section>
    </Show>
  );
}
