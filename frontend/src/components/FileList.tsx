import type { FileItem, SortKey } from "@hearth/contract";
import { createVirtualizer } from "@tanstack/solid-virtual";
import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import type { FolderSort } from "../api/drive";
import { FileRow, FileTile, type ItemViewState } from "./FileRow";
import { Icon } from "./Icon";
import "./FileList.css";

const ROW_HEIGHT = 56;
const TILE_MIN_WIDTH = 168;
const TILE_HEIGHT = 200;
const GRID_GAP = 12;
const GRID_PADDING = 12;
// Up to this many items every row is rendered (find-in-page works, nothing pops in); above it
// only what is on screen, so 10,000 files scroll as smoothly as 10.
const RENDER_ALL_UP_TO = 200;

export interface ItemsLayoutProps {
  items: FileItem[];
  stateOf(item: FileItem): ItemViewState;
  /** The element that scrolls (the list's own box). */
  scroller: HTMLElement;
  /** Hands the parent a way to bring an index into view (keyboard focus). */
  onScrollTo(scrollTo: (index: number) => void): void;
}

/** The column headings of the list view; the sortable ones are buttons. */
export function FileListHeader(props: { sort?: FolderSort; onSort?(key: SortKey): void; showLocation?: boolean }) {
  const column = (key: SortKey, label: string, className: string) => (
    <Show when={props.onSort} fallback={<span class={className}>{label}</span>}>
      <span
        class={className}
        aria-sort={props.sort?.key === key ? (props.sort.order === "asc" ? "ascending" : "descending") : undefined}
      >
        <button type="button" class="sort-button" data-testid={`sort-${key}`} onClick={() => props.onSort?.(key)}>
          {label}
          <Show when={props.sort?.key === key}>
            <Icon name={props.sort?.order === "asc" ? "arrowUp" : "arrowDown"} class="sort-button__arrow" />
          </Show>
        </button>
      </span>
    </Show>
  );
  return (
    <div
      class="file-list__header"
      classList={{ "file-list__header--location": props.showLocation }}
      role="presentation"
    >
      <span />
      {column("name", "Name", "file-list__name-heading")}
      <Show when={props.showLocation}>
        <span class="file-row__location">Location</span>
      </Show>
      {column("size", "Size", "file-row__size")}
      {column("modified", "Modified", "file-row__modified")}
      <span />
    </div>
  );
}

/** The rows of the list view, virtualized inside `scroller`. */
export function FileListRows(props: ItemsLayoutProps & { showLocation?: boolean }) {
  const virtualizer = createVirtualizer({
    get count() {
      return props.items.length;
    },
    getScrollElement: () => props.scroller,
    estimateSize: () => ROW_HEIGHT,
    get overscan() {
      return props.items.length <= RENDER_ALL_UP_TO ? RENDER_ALL_UP_TO : 10;
    },
  });
  props.onScrollTo((index) => virtualizer.scrollToIndex(index, { align: "auto" }));

  return (
    <div class="file-list__rows" style={{ height: `${virtualizer.getTotalSize()}px` }}>
      <For each={virtualizer.getVirtualItems()}>
        {(row) => (
          <Show when={props.items[row.index]}>
            {(item) => (
              <FileRow
                item={item()}
                state={props.stateOf(item())}
                showLocation={props.showLocation}
                style={{ transform: `translateY(${row.start}px)` }}
              />
            )}
          </Show>
        )}
      </For>
    </div>
  );
}

/** The grid view: as many columns as fit, virtualized by rows of tiles. */
export function FileGridRows(props: ItemsLayoutProps & { onColumns(columns: number): void }) {
  const [columns, setColumns] = createSignal(4);
  onMount(() => {
    const measure = () => {
      const width = props.scroller.clientWidth - 2 * GRID_PADDING;
      const next = Math.max(1, Math.floor((width + GRID_GAP) / (TILE_MIN_WIDTH + GRID_GAP)));
      setColumns(next);
      props.onColumns(next);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(props.scroller);
    onCleanup(() => observer.disconnect());
  });

  const rowCount = () => Math.ceil(props.items.length / columns());
  const virtualizer = createVirtualizer({
    get count() {
      return rowCount();
    },
    getScrollElement: () => props.scroller,
    estimateSize: () => TILE_HEIGHT + GRID_GAP,
    paddingStart: GRID_PADDING,
    get overscan() {
      return props.items.length <= RENDER_ALL_UP_TO ? rowCount() : 3;
    },
  });
  props.onScrollTo((index) => virtualizer.scrollToIndex(Math.floor(index / columns()), { align: "auto" }));

  return (
    <div class="file-grid" style={{ height: `${virtualizer.getTotalSize() + GRID_PADDING}px` }}>
      <For each={virtualizer.getVirtualItems()}>
        {(row) => (
          <div
            class="file-grid__row"
            role="presentation"
            style={{
              transform: `translateY(${row.start}px)`,
              "grid-template-columns": `repeat(${columns()}, minmax(0, 1fr))`,
              height: `${TILE_HEIGHT}px`,
            }}
          >
            <For each={props.items.slice(row.index * columns(), (row.index + 1) * columns())}>
              {(item) => <FileTile item={item} state={props.stateOf(item)} />}
            </For>
          </div>
        )}
      </For>
    </div>
  );
}
