import type { FileItem, PhotoSearchResponse } from "@hearth/contract";
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { driveApi } from "../../api/drive";
import { photosApi } from "../../api/photos";
import { Lightbox } from "../../components/Lightbox";
import { PlannedSlideshow, SlideshowButton, type SlideshowPlan } from "../../components/SlideshowPlan";
import { PhotoTile } from "../../components/PhotoTile";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { justify } from "./justify";

const GAP = 4;
const PAGE = 120;

/** What to list: the words of a search, a map cluster's tile, or both. */
export interface ResultsQuery {
  q?: string;
  area?: string;
}

/**
 * Search results (and a map cluster's photos) in the timeline's justified rows, newest taken first,
 * with the lightbox walking the results. The next page loads as the end comes into view.
 */
export function PhotoResults(props: { query: ResultsQuery; onLoaded?(response: PhotoSearchResponse): void }) {
  const { toasts } = useWorkspace();
  const [items, setItems] = createSignal<FileItem[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [open, setOpen] = createSignal(-1);
  const [slideshow, setSlideshow] = createSignal<SlideshowPlan | null>(null);
  let generation = 0;
  let nextPage: Promise<void> | null = null;

  const load = (first: boolean): Promise<void> => {
    if (first) return fetchPage(true);
    // One next page at a time, whether the grid's end or the slideshow asked.
    nextPage ??= fetchPage(false).finally(() => (nextPage = null));
    return nextPage;
  };
  const fetchPage = async (first: boolean) => {
    const mine = first ? ++generation : generation;
    setLoading(true);
    try {
      const page = await photosApi.search({ ...props.query, before: first ? undefined : cursor()!, limit: PAGE });
      if (mine !== generation) return;
      setItems((current) => (first ? page.items : [...current, ...page.items]));
      setCursor(page.nextCursor);
      setError(null);
      if (first) props.onLoaded?.(page);
    } catch (failure) {
      if (mine === generation) setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      if (mine === generation) setLoading(false);
    }
  };
  createEffect(
    on(
      () => [props.query.q, props.query.area] as const,
      () => {
        setItems([]);
        setCursor(null);
        setOpen(-1);
        setSlideshow(null);
        void load(true);
      },
    ),
  );

  let container!: HTMLDivElement;
  let sentinel!: HTMLDivElement;
  const [width, setWidth] = createSignal(0);
  onMount(() => {
    const observer = new ResizeObserver(() => setWidth(container.clientWidth));
    observer.observe(container);
    const more = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && cursor() && !loading()) void load(false);
    });
    more.observe(sentinel);
    onCleanup(() => {
      observer.disconnect();
      more.disconnect();
    });
  });
  const rows = createMemo(() => (width() > 0 ? justify(items(), width(), width() < 600 ? 120 : 200, GAP) : []));
  const indexOf = createMemo(() => new Map(items().map((item, i) => [item.id, i])));

  const replace = (file: FileItem) => setItems((list) => list.map((it) => (it.id === file.id ? file : it)));
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (failure) {
      toasts.error(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <div class="photo-results" ref={container} data-testid="photo-results">
      <Show when={items().length > 0}>
        <div class="photo-results__bar">
          <SlideshowButton
            testId="results-slideshow"
            onClick={() =>
              setSlideshow({
                items,
                start: 0,
                loadMore: async () => {
                  if (cursor()) await load(false);
                  return cursor() !== null;
                },
              })
            }
          />
        </div>
      </Show>
      <For each={rows()}>
        {(row) => (
          <div class="timeline__tiles" style={{ height: `${row.height}px`, "margin-bottom": `${GAP}px` }}>
            <For each={row.tiles}>
              {(tile) => (
                <div class="timeline__tile" style={{ width: `${tile.width}px`, height: `${tile.height}px` }}>
                  <PhotoTile
                    item={tile.item}
                    failed={false}
                    onOpen={() => setOpen(indexOf().get(tile.item.id) ?? -1)}
                  />
                </div>
              )}
            </For>
          </div>
        )}
      </For>
      <div ref={sentinel} class="photo-results__more" aria-hidden="true" />
      <Show when={loading()}>
        <Spinner label="Loading photos…" />
      </Show>
      <Show when={error()}>
        <p role="alert">{error()}</p>
      </Show>
      <Show when={!loading() && !error() && items().length === 0}>
        <p class="muted" data-testid="photo-results-empty">
          No photos match.
        </p>
      </Show>
      <PlannedSlideshow plan={slideshow()} onClose={() => setSlideshow(null)} />
      <Show when={open() >= 0 && items()[open()]}>
        <Lightbox
          items={items()}
          index={open()}
          onIndex={setOpen}
          onClose={() => setOpen(-1)}
          onFavourite={(item) => act(async () => replace(await driveApi.setStarred(item.id, !item.starred)))}
          onArchive={(item) =>
            act(async () => {
              await photosApi.setArchived(item.id, !item.archivedAt);
              setItems((list) => list.filter((it) => it.id !== item.id));
              setOpen(-1);
            })
          }
          onTrash={(item) =>
            act(async () => {
              await driveApi.trashFile(item.id);
              setItems((list) => list.filter((it) => it.id !== item.id));
              setOpen(-1);
            })
          }
        />
      </Show>
    </div>
  );
}
