import type { FileItem } from "@hearth/api-types";
import { Show, type JSX } from "solid-js";
import { Icon } from "../../components/Icon";
import { toggleViewMode, viewMode } from "../../stores/viewPrefs";

interface SelectionBarProps {
  selected: FileItem[];
  total: number;
  onClear(): void;
  onDownload(): void;
  onMove(): void;
  onShare(): void;
  onStar(starred: boolean): void;
  onTrash(): void;
  /** Shown when nothing is selected (the sort control of the grid view, say). */
  idle?: JSX.Element;
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
            {props.idle}
          </>
        }
      >
        <button type="button" class="icon-button" aria-label="Clear selection" onClick={() => props.onClear()} data-testid="selection-clear">
          <Icon name="close" />
        </button>
        <span class="browser-bar__count" data-testid="selection-count" aria-live="polite">
          {count()} selected
        </span>
        <div class="browser-bar__actions" role="toolbar" aria-label="Selected items">
          <button type="button" class="button button--quiet" onClick={() => props.onDownload()} data-testid="selection-download">
            <Icon name="download" />
            <span class="browser-bar__label">{zip() ? "Download as ZIP" : "Download"}</span>
          </button>
          <button type="button" class="button button--quiet" onClick={() => props.onMove()} data-testid="selection-move">
            <Icon name="move" />
            <span class="browser-bar__label">Move</span>
          </button>
          <Show when={count() === 1}>
            <button type="button" class="button button--quiet" onClick={() => props.onShare()} data-testid="selection-share">
              <Icon name="share" />
              <span class="browser-bar__label">Share</span>
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
          <button type="button" class="button button--quiet button--danger" onClick={() => props.onTrash()} data-testid="selection-trash">
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
