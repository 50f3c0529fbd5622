import type { FileItem } from "@hearth/contract";
import { createWindowVirtualizer } from "@tanstack/solid-virtual";
import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, onMount, Show, Switch } from "solid-js";
import { Icon } from "../../components/Icon";
import { PhotoTile } from "../../components/PhotoTile";
import type { Selection } from "../../stores/createSelection";
import { dayOfPhoto, type Timeline } from "../../stores/createTimeline";
import { estimateHeight, justify, type PlacedTile } from "./justify";
import { dayLabel, monthLabel } from "./labels";

const GAP = 4;
const MONTH_HEADER = 64;
const DAY_HEADER = 40;

/** One virtual row: a month heading, a day heading, a row of tiles, or a month not loaded yet. */
export type GridRow =
  | { kind: "month"; key: string; month: string; height: number }
  | { kind: "day"; key: string; day: string; ids: string[]; height: number }
  | { kind: "tiles"; key: string; tiles: PlacedTile[]; height: number }
  | { kind: "pending"; key: string; month: string; height: number };

const as = <K extends GridRow["kind"]>(row: GridRow, kind: K) =>
  row.kind === kind ? (row as Extract<GridRow, { kind: K }>) : undefined;

interface TimelineGridProps {
  timeline: Timeline;
  onOpen(item: FileItem): void;
  /** Scroll to this month once (the URL's position, or the scrubber). */
  jumpTo: { month: string; at: number } | null;
  /** The month at the top of the screen changed (for the URL and the scrubber). */
  onTopMonth(month: string): void;
  selection: Selection;
  /** Hands the page a way to ask which photo is first on screen (where a slideshow starts). */
  onReady?(grid: { firstVisiblePhoto(): FileItem | undefined }): void;
}

/**
 * The timeline: months, days, and justified rows of tiles, virtualised against the window's scroll
 * so the page holds only the rows on screen at any library size. Months load when they come near.
 */
export function TimelineGrid(props: TimelineGridProps) {
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
    // Something above the grid may grow after it is laid out ("On this day"): its offset moves.
    observer.observe(document.body);
    onCleanup(() => observer.disconnect());
  });
  const selecting = () => props.selection.count() > 0;
  const allSelected = (ids: string[]) => ids.every((id) => props.selection.isSelected(id));

  // Phones get smaller rows, as in Google Photos.
  const target = () => (width() < 600 ? 120 : 220);

  // A tile laid out as before (same photo, same size) keeps its object, so <For> keeps its element:
  // otherwise every change anywhere re-created every tile on screen, which dropped a long press or
  // a hover in progress and reloaded each thumbnail.
  let placedBefore = new Map<string, PlacedTile>();
  const sameAsBefore = (placed: Map<string, PlacedTile>) => (tile: PlacedTile) => {
    const before = placedBefore.get(tile.item.id);
    const kept =
      before && before.item === tile.item && before.width === tile.width && before.height === tile.height
        ? before
        : tile;
    placed.set(tile.item.id, kept);
    return kept;
  };

  const rows = createMemo<GridRow[]>(() => {
    const placed = new Map<string, PlacedTile>();
    const reuse = sameAsBefore(placed);
    const result: GridRow[] = [];
    const w = width();
    if (w <= 0) return result;
    for (const { month, count } of props.timeline.months()) {
      result.push({ kind: "month", key: `m:${month}`, month, height: MONTH_HEADER });
      const items = props.timeline.itemsOf(month);
      if (!items) {
        const height = estimateHeight(count, w, target(), GAP) + DAY_HEADER * Math.min(count, 4);
        result.push({ kind: "pending", key: `p:${month}`, month, height });
        continue;
      }
      let start = 0;
      while (start < items.length) {
        const day = dayOfPhoto(items[start]!);
        let end = start;
        while (end < items.length && dayOfPhoto(items[end]!) === day) end++;
        // A partner's photos are not the viewer's to select.
        const ids = items
          .slice(start, end)
          .filter((item) => !item.owner)
          .map((item) => item.id);
        result.push({ kind: "day", key: `d:${day}`, day, ids, height: DAY_HEADER });
        justify(items.slice(start, end), w, target(), GAP).forEach((row, index) =>
          result.push({
            kind: "tiles",
            key: `t:${day}:${index}`,
            tiles: row.tiles.map(reuse),
            height: row.height + GAP,
          }),
        );
        start = end;
      }
    }
    placedBefore = placed;
    return result;
  });

  const virtualizer = createWindowVirtualizer({
    get count() {
      return rows().length;
    },
    estimateSize: (index) => rows()[index]?.height ?? 0,
    getItemKey: (index) => rows()[index]?.key ?? index,
    overscan: 4,
    get scrollMargin() {
      return offset();
    },
  });
  createEffect(on(rows, () => virtualizer.measure(), { defer: true }));

  // Months near the screen load; the month at the top is reported.
  createEffect(() => {
    const visible = virtualizer.getVirtualItems();
    let top: string | undefined;
    for (const v of visible) {
      const row = rows()[v.index];
      if (row?.kind === "pending") void props.timeline.loadMonth(row.month);
    }
    const scrollTop = (virtualizer.scrollOffset ?? 0) - offset();
    for (const v of visible) {
      if (v.end - offset() <= scrollTop) continue;
      const row = rows()[v.index];
      top = row && "month" in row ? row.month : row?.kind === "day" ? row.day.slice(0, 7) : undefined;
      if (!top && row?.kind === "tiles") top = dayOfPhoto(row.tiles[0]!.item).slice(0, 7);
      if (top) break;
    }
    if (top) props.onTopMonth(top);
  });

  props.onReady?.({
    firstVisiblePhoto() {
      const scrollTop = (virtualizer.scrollOffset ?? 0) - offset();
      for (const v of virtualizer.getVirtualItems()) {
        const row = rows()[v.index];
        if (v.end - offset() > scrollTop && row?.kind === "tiles") return row.tiles[0]!.item;
      }
      return undefined;
    },
  });

  // Jumps: to a month's heading. Rows above may change height as they load; settle again then.
  createEffect(
    on(
      () => [props.jumpTo, rows().length > 0] as const,
      ([jump, ready]) => {
        if (!jump || !ready) return;
        const index = rows().findIndex((row) => row.kind === "month" && row.month === jump.month);
        if (index >= 0) virtualizer.scrollToIndex(index, { align: "start" });
      },
    ),
  );

  return (
    <div
      ref={container}
      class="timeline"
      classList={{ "timeline--selecting": selecting() }}
      style={{ height: `${virtualizer.getTotalSize()}px` }}
      data-testid="timeline"
    >
      <For each={virtualizer.getVirtualItems()}>
        {(virtualRow) => (
          <Show when={rows()[virtualRow.index]}>
            {(row) => (
              <div
                class="timeline__row"
                style={{ transform: `translateY(${virtualRow.start - offset()}px)`, height: `${virtualRow.size}px` }}
              >
                <Switch>
                  <Match when={as(row(), "month")}>
                    {(month) => (
                      <h2 class="timeline__month" data-month={month().month}>
                        {monthLabel(month().month)}
                      </h2>
                    )}
                  </Match>
                  <Match when={as(row(), "day")}>
                    {(day) => (
                      <h3 class="timeline__day" data-day={day().day}>
                        <button
                          type="button"
                          class="timeline__day-check"
                          role="checkbox"
                          aria-checked={allSelected(day().ids)}
                          aria-label={`Select all of ${dayLabel(day().day)}`}
                          data-testid="day-check"
                          onClick={() => props.selection.setMany(day().ids, !allSelected(day().ids))}
                        >
                          <Icon name="check" />
                        </button>
                        {dayLabel(day().day)}
                      </h3>
                    )}
                  </Match>
                  <Match when={as(row(), "tiles")}>
                    {(tiles) => (
                      <div class="timeline__tiles">
                        <For each={tiles().tiles}>
                          {(tile) => (
                            <div
                              class="timeline__tile"
                              style={{ width: `${tile.width}px`, height: `${tile.height}px` }}
                            >
                              <PhotoTile
                                item={tile.item}
                                failed={props.timeline.thumbnailFailed(tile.item.id)}
                                onOpen={() => props.onOpen(tile.item)}
                                selection={{
                                  get selected() {
                                    return props.selection.isSelected(tile.item.id);
                                  },
                                  get selecting() {
                                    return selecting();
                                  },
                                  onSelect: (range) =>
                                    range
                                      ? props.selection.extendTo(tile.item.id, true)
                                      : props.selection.toggle(tile.item.id),
                                }}
                              />
                            </div>
                          )}
                        </For>
                      </div>
                    )}
                  </Match>
                  <Match when={as(row(), "pending")}>
                    <div class="timeline__pending" aria-busy="true" />
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
