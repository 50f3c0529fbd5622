import type { FileItem } from "@hearth/contract";
import { createWindowVirtualizer } from "@tanstack/solid-virtual";
import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, onMount, Show, Switch } from "solid-js";
import { PhotoTile } from "../../components/PhotoTile";
import { dayHeading } from "../../format";
import type { PhotoDay } from "../../stores/createPhotoLibrary";

const GAP = 4;
const TARGET_TILE = 240;
const MIN_COLUMNS = 3;
const HEADING_HEIGHT = 52;

type DayRow = { kind: "day"; key: string; day: string; count: number };
type TileRow = { kind: "tiles"; key: string; items: FileItem[] };
type GridRow = DayRow | TileRow;

const asDay = (row: GridRow) => (row.kind === "day" ? row : undefined);
const asTiles = (row: GridRow) => (row.kind === "tiles" ? row : undefined);

interface PhotoGridProps {
  days: PhotoDay[];
  failed(id: string): boolean;
  onOpen(item: FileItem): void;
}

/**
 * The timeline as rows (a day heading, then rows of square tiles), virtualized against the
 * window's scroll so tens of thousands of photos cost only the rows on screen.
 */
export function PhotoGrid(props: PhotoGridProps) {
  let container!: HTMLDivElement;
  const [width, setWidth] = createSignal(0);
  const [offset, setOffset] = createSignal(0);

  onMount(() => {
    const measure = () => {
      setWidth(container.clientWidth);
      setOffset(container.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    onCleanup(() => observer.disconnect());
  });

  const columns = () => Math.max(MIN_COLUMNS, Math.ceil((width() + GAP) / (TARGET_TILE + GAP)));
  const tileSize = () => Math.max(1, (width() - GAP * (columns() - 1)) / columns());

  const rows = createMemo<GridRow[]>(() => {
    const result: GridRow[] = [];
    const perRow = columns();
    for (const day of props.days) {
      result.push({ kind: "day", key: `d:${day.key}`, day: day.key, count: day.items.length });
      for (let start = 0; start < day.items.length; start += perRow) {
        result.push({ kind: "tiles", key: `r:${day.key}:${start}`, items: day.items.slice(start, start + perRow) });
      }
    }
    return result;
  });

  const virtualizer = createWindowVirtualizer({
    get count() {
      return rows().length;
    },
    estimateSize: (index) => (rows()[index]?.kind === "day" ? HEADING_HEIGHT : tileSize() + GAP),
    getItemKey: (index) => rows()[index]?.key ?? index,
    overscan: 3,
    get scrollMargin() {
      return offset();
    },
  });

  // Row heights come from estimateSize, which the virtualizer caches: re-measure when they change.
  createEffect(on([rows, tileSize], () => virtualizer.measure(), { defer: true }));

  return (
    <div ref={container} class="photo-grid" style={{ height: `${virtualizer.getTotalSize()}px` }}>
      <For each={virtualizer.getVirtualItems()}>
        {(virtualRow) => (
          <Show when={rows()[virtualRow.index]}>
            {(row) => (
              <div
                class="photo-grid__row"
                style={{
                  transform: `translateY(${virtualRow.start - offset()}px)`,
                  height: `${virtualRow.size}px`,
                }}
              >
                <Switch>
                  <Match when={asDay(row())}>
                    {(day) => (
                      <h2 class="photo-grid__day">
                        {dayHeading(day().day)}
                        <span class="photo-grid__count">
                          {day().count} {day().count === 1 ? "item" : "items"}
                        </span>
                      </h2>
                    )}
                  </Match>
                  <Match when={asTiles(row())}>
                    {(tiles) => (
                      <div
                        class="photo-grid__tiles"
                        style={{ "grid-template-columns": `repeat(${columns()}, minmax(0, 1fr))`, height: `${tileSize()}px` }}
                      >
                        <For each={tiles().items}>
                          {(item) => (
                            <PhotoTile item={item} failed={props.failed(item.id)} onOpen={() => props.onOpen(item)} />
                          )}
                        </For>
                      </div>
                    )}
                  </Match>
                </Switch>
              </div>
            )}
          </Show>
        )}
      </For>
    </div>
  );
}
