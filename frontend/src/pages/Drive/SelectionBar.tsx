import type { FileItem, SortKey } from "@hearth/contract";
import { Show } from "solid-js";
import type { FolderSort } from "../../api/drive";
import { Icon } from "../../components/Icon";
import { toggleViewMode, viewMode } from "../../stores/viewPrefs";

interface SelectionBarProps {
  selected: FileItem[];
  total: number;
  onClear(): void;
  onDownload(): void;
  onMove(): void;
  onShare(): void;
  /** Shown when the selection holds photos or videos. */
  onAddToAlbum?(): void;
  onStar(starred: boolean): void;
  onTrash(): void;
  sort?: FolderSort;
  onSort?(key: SortKey): void;
}

/**
 * The bar above the list: what is selected and what can be done with it, or, with nothing
 * selected, how many items there are. Same height in both states, so the list never jumps.
 */
export function SelectionBar(props: SelectionBarProps) {
  const count = () => props.selected.length;
  const allStarred = () => props.selected.every((item) => item.starred);
  const zip = () => count() > 1 || props.selected[0]?.kind === "folder";
  return (
    <div class="browser-bar" classList={{ "browser-bar--selecting": count() > 0 }} data-testid="selection-bar">
      <Show
        when={count() > 0}
        fallback={
          <>
            <span class="browser-bar__count muted" data-testid="item-count">
              {props.total} {props.total === 1 ? "item" : "items"}
            </span>
            {/* The list sorts by its column headings; the grid has none, so it gets this. */}
            <Show when={viewMode() === "grid" && props.sort && props.onSort}>
              <SortControl sort={props.sort!} onSort={props.onSort!} />
            </Show>
          </>
        }
      >
        <button
          type="button"
          class="icon-button"
          aria-label="Clear selection"
          onClick={() => props.onClear()}
          data-testid="selection-clear"
        >
          <Icon name="close" />
        </button>
        <span class="browser-bar__count" data-testid="selection-count" aria-live="polite">
          {count()} selected
        </span>
        <div class="browser-bar__actions" role="toolbar" aria-label="Selected items">
          <button
            type="button"
            class="button button--quiet"
            onClick={() => props.onDownload()}
            data-testid="selection-download"
          >
            <Icon name="download" />
            <span class="browser-bar__label">{zip() ? "Download as ZIP" : "Download"}</span>
          </button>
          <button
            type="button"
            class="button button--quiet"
            onClick={() => props.onMove()}
            data-testid="selection-move"
          >
            <Icon name="move" />
            <span class="browser-bar__label">Move</span>
          </button>
          <Show when={count() === 1}>
            <button
              type="button"
              class="button button--quiet"
              onClick={() => props.onShare()}
              data-testid="selection-share"
            >
              <Icon name="share" />
              <span class="browser-bar__label">Share</span>
            </button>
          </Show>
          <Show when={props.onAddToAlbum}>
            <button
              type="button"
              class="button button--quiet"
              onClick={() => props.onAddToAlbum?.()}
              data-testid="selection-add-to-album"
            >
              <Icon name="plus" />
              <span class="browser-bar__label">Add to album</span>
            </button>
          </Show>
          <button
            type="button"
            class="button button--quiet"
            onClick={() => props.onStar(!allStarred())}
            data-testid="selection-star"
            aria-pressed={allStarred()}
          >
            <Icon name={allStarred() ? "starFilled" : "star"} />
            <span class="browser-bar__label">{allStarred() ? "Unstar" : "Star"}</span>
          </button>
          <button
            type="button"
            class="button button--quiet button--danger"
            onClick={() => props.onTrash()}
            data-testid="selection-trash"
          >
            <Icon name="trash" />
            <span class="browser-bar__label">Trash</span>
          </button>
        </div>
      </Show>
      <button
        type="button"
        class="icon-button browser-bar__view"
        onClick={toggleViewMode}
        aria-label={viewMode() === "list" ? "Grid view (Shift+V)" : "List view (Shift+V)"}
        title={viewMode() === "list" ? "Grid view (Shift+V)" : "List view (Shift+V)"}
        data-testid="view-toggle"
        data-view={viewMode()}
      >
        <Icon name={viewMode() === "list" ? "grid" : "list"} />
      </button>
    </div>
  );
}

const SORT_LABELS: Record<SortKey, string> = { name: "Name", modified: "Modified", size: "Size" };

function SortControl(props: { sort: FolderSort; onSort(key: SortKey): void }) {
  return (
    <div class="sort-control">
      <label class="visually-hidden" for="grid-sort">
        Sort by
      </label>
      <select
        id="grid-sort"
        class="sort-control__select"
        value={props.sort.key}
        onChange={(event) => props.onSort(event.currentTarget.value as SortKey)}
        data-testid="sort-select"
      >
        {(Object.keys(SORT_LABELS) as SortKey[]).map((key) => (
          <option value={key}>{SORT_LABELS[key]}</option>
        ))}
      </select>
      <button
        type="button"
        class="icon-button icon-button--small"
        aria-label={props.sort.order === "asc" ? "Ascending; switch to descending" : "Descending; switch to ascending"}
        onClick={() => props.onSort(props.sort.key)}
        data-testid="sort-order"
      >
        <Icon name={props.sort.order === "asc" ? "arrowUp" : "arrowDown"} />
      </button>
    </div>
  );
}
