import type { FileItem } from "@hearth/contract";
import { Show } from "solid-js";
import { Icon } from "../../components/Icon";
import "../Drive/FileBrowser.css";

interface PhotoSelectionBarProps {
  selected: FileItem[];
  /** The Archive page: "Unarchive" instead of "Archive". */
  archived: boolean;
  onClear(): void;
  onFavourite(starred: boolean): void;
  onArchive(): void;
  onDownload(): void;
  onShare(): void;
  onAddToAlbum(): void;
  onTrash(): void;
  /** Play the selected photos (one: the timeline from it). */
  onSlideshow?(): void;
}

/**
 * What can be done to the selected photos, in Drive's selection-bar style: favourite, archive,
 * add to an album, download, share a link (to one photo, or to the selection), trash. Esc or ✕
 * clears the selection.
 */
export function PhotoSelectionBar(props: PhotoSelectionBarProps) {
  const count = () => props.selected.length;
  const allFavourite = () => props.selected.every((item) => item.starred);
  return (
    <div class="browser-bar browser-bar--selecting photos-selection" data-testid="photo-selection-bar">
      <button
        type="button"
        class="icon-button"
        aria-label="Clear selection (Esc)"
        onClick={() => props.onClear()}
        data-testid="selection-clear"
      >
        <Icon name="close" />
      </button>
      <span class="browser-bar__count" data-testid="selection-count" aria-live="polite">
        {count()} selected
      </span>
      <div class="browser-bar__actions" role="toolbar" aria-label="Selected photos">
        <button
          type="button"
          class="button button--quiet"
          onClick={() => props.onFavourite(!allFavourite())}
          aria-pressed={allFavourite()}
          data-testid="selection-favourite"
        >
          <Icon name={allFavourite() ? "starFilled" : "star"} />
          <span class="browser-bar__label">{allFavourite() ? "Unfavourite" : "Favourite"}</span>
        </button>
        <button
          type="button"
          class="button button--quiet"
          onClick={() => props.onArchive()}
          data-testid="selection-archive"
        >
          <Icon name={props.archived ? "restore" : "archive"} />
          <span class="browser-bar__label">{props.archived ? "Unarchive" : "Archive"}</span>
        </button>
        <button
          type="button"
          class="button button--quiet"
          onClick={() => props.onAddToAlbum()}
          data-testid="selection-add-to-album"
        >
          <Icon name="plus" />
          <span class="browser-bar__label">Add to album</span>
        </button>
        <button
          type="button"
          class="button button--quiet"
          onClick={() => props.onDownload()}
          data-testid="selection-download"
        >
          <Icon name="download" />
          <span class="browser-bar__label">{count() > 1 ? "Download as ZIP" : "Download"}</span>
        </button>
        <button
          type="button"
          class="button button--quiet"
          onClick={() => props.onShare()}
          data-testid="selection-share"
        >
          <Icon name="share" />
          <span class="browser-bar__label">Share link</span>
        </button>
        <Show when={props.onSlideshow}>
          <button
            type="button"
            class="button button--quiet"
            onClick={() => props.onSlideshow?.()}
            data-testid="selection-slideshow"
          >
            <Icon name="slideshow" />
            <span class="browser-bar__label">Slideshow</span>
          </button>
        </Show>
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
    </div>
  );
}
