import type { FileItem } from "@hearth/contract";
import { A } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import { ownContent } from "../api/shares";
import { formatBytes, formatModified } from "../format";
import { folderPath } from "../stores/folderNames";
import { FileThumb } from "./FileThumb";
import { Icon } from "./Icon";

export const folderHref = (id: string | null) => (id ? `/drive/${encodeURIComponent(id)}` : "/drive");

/** The DOM id of an item's row or tile, for aria-activedescendant. */
export const itemDomId = (id: string) => `item-${id}`;

export interface ItemViewState {
  selected: boolean;
  focused: boolean;
  dropTarget: boolean;
  cut: boolean;
}

/**
 * Where an item's open link points: a folder's page, or a file's content (so middle-click and
 * "open in new tab" work); a plain click is handled by the list and opens the preview.
 */
export const itemHref = (item: FileItem) =>
  item.kind === "folder" ? folderHref(item.id) : ownContent.content(item.id);

/** The modifier classes of a row or tile (`block`) for its selection, focus, drop and cut state. */
const stateClasses = (block: string, state: ItemViewState) => ({
  [`${block}--selected`]: state.selected,
  [`${block}--focused`]: state.focused,
  [`${block}--drop`]: state.dropTarget,
  [`${block}--cut`]: state.cut,
});

/**
 * One entry of a list. It only draws: clicks, drags and keys are handled once by the list that
 * holds it, which finds the item from `data-file-id` and the part from `data-action`.
 */
export function FileRow(props: {
  item: FileItem;
  state: ItemViewState;
  showLocation?: boolean;
  style?: JSX.CSSProperties;
}) {
  const isFolder = () => props.item.kind === "folder";
  return (
    <div
      role="option"
      id={itemDomId(props.item.id)}
      class="file-row"
      classList={stateClasses("file-row", props.state)}
      aria-selected={props.state.selected}
      data-testid="file-row"
      data-name={props.item.name}
      data-file-id={props.item.id}
      data-kind={props.item.kind}
      draggable="true"
      style={props.style}
    >
      <span class="file-row__lead">
        <FileThumb item={props.item} />
        <SelectMark item={props.item} selected={props.state.selected} />
      </span>
      <span class="file-row__name-cell">
        <a data-action="open" class="file-row__name" href={itemHref(props.item)} tabindex="-1" draggable="false">
          {props.item.name}
        </a>
        <Show when={props.item.starred}>
          <Icon name="starFilled" class="file-row__star" title="Starred" />
        </Show>
      </span>
      <Show when={props.showLocation}>
        <span class="file-row__location">
          <ParentLink parentId={props.item.parentId} />
        </span>
      </Show>
      <span class="file-row__size">{isFolder() ? "—" : formatBytes(props.item.size)}</span>
      <span class="file-row__modified">
        <time datetime={props.item.updatedAt}>{formatModified(props.item.updatedAt)}</time>
      </span>
      <MenuButton item={props.item} />
    </div>
  );
}

/** A grid tile: the 240px thumbnail (or a big icon) above the name. */
export function FileTile(props: { item: FileItem; state: ItemViewState; style?: JSX.CSSProperties }) {
  return (
    <div
      role="option"
      id={itemDomId(props.item.id)}
      class="file-tile"
      classList={{ ...stateClasses("file-tile", props.state), "file-tile--folder": props.item.kind === "folder" }}
      aria-selected={props.state.selected}
      data-testid="file-row"
      data-name={props.item.name}
      data-file-id={props.item.id}
      data-kind={props.item.kind}
      draggable="true"
      style={props.style}
    >
      <span class="file-tile__preview">
        <FileThumb item={props.item} />
      </span>
      <span class="file-tile__caption">
        <a
          data-action="open"
          class="file-tile__name"
          href={itemHref(props.item)}
          tabindex="-1"
          draggable="false"
          title={props.item.name}
        >
          {props.item.name}
        </a>
        <Show when={props.item.starred}>
          <Icon name="starFilled" class="file-row__star" title="Starred" />
        </Show>
        <MenuButton item={props.item} />
      </span>
      <SelectMark item={props.item} selected={props.state.selected} />
    </div>
  );
}

function SelectMark(props: { item: FileItem; selected: boolean }) {
  return (
    <button
      type="button"
      data-action="check"
      class="select-mark"
      tabindex="-1"
      aria-label={`${props.selected ? "Deselect" : "Select"} ${props.item.name}`}
      aria-pressed={props.selected}
    >
      <Icon name="check" />
    </button>
  );
}

function MenuButton(props: { item: FileItem }) {
  return (
    <button
      type="button"
      data-action="menu"
      class="icon-button file-row__menu"
      tabindex="-1"
      aria-label={`Actions for ${props.item.name}`}
      aria-haspopup="menu"
      data-testid="file-menu"
    >
      <Icon name="more" />
    </button>
  );
}

/** The folder an item is in (search results, Recent, Starred), as a link to it. */
export function ParentLink(props: { parentId: string | null }) {
  const name = () => {
    const path = folderPath(props.parentId);
    return path[path.length - 1]?.name ?? "My Drive";
  };
  return (
    <A href={folderHref(props.parentId)} class="parent-link" tabindex="-1" draggable="false" title={`Open ${name()}`}>
      <Icon name="folder" />
      <span>{name()}</span>
    </A>
  );
}
