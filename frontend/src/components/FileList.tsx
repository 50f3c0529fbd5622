import type { FileItem } from "@hearth/api-types";
import { createWindowVirtualizer } from "@tanstack/solid-virtual";
import { createSignal, For, onMount, Show } from "solid-js";
import { FileRow, type FileRowActions } from "./FileRow";
import "./FileList.css";

// Small folders render every row (find-in-page works, nothing jumps); big ones only what is on screen.
const VIRTUALIZE_ABOVE = 200;
const ROW_HEIGHT = 56;

export function FileList(props: { items: FileItem[] } & FileRowActions) {
  return (
    <div class="file-list">
      <div class="file-list__header" aria-hidden="true">
        <span />
        <span>Name</span>
        <span class="file-row__size">Size</span>
        <span class="file-row__modified">Modified</span>
        <span />
      </div>
      <Show
        when={props.items.length > VIRTUALIZE_ABOVE}
        fallback={
          <ul class="file-list__rows" aria-label="Files">
            <For each={props.items}>
              {(item) => <FileRow item={item} onRename={props.onRename} onTrash={props.onTrash} />}
            </For>
          </ul>
        }
      >
        <VirtualRows {...props} />
      </Show>
    </div>
  );
}

function VirtualRows(props: { items: FileItem[] } & FileRowActions) {
  let list!: HTMLUListElement;
  const [offset, setOffset] = createSignal(0);
  onMount(() => setOffset(list.getBoundingClientRect().top + window.scrollY));

  const virtualizer = createWindowVirtualizer({
    get count() {
      return props.items.length;
    },
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    get scrollMargin() {
      return offset();
    },
  });

  return (
    <ul
      ref={list}
      class="file-list__rows file-list__rows--virtual"
      aria-label="Files"
      style={{ height: `${virtualizer.getTotalSize()}px` }}
    >
      <For each={virtualizer.getVirtualItems()}>
        {(row) => (
          <Show when={props.items[row.index]}>
            {(item) => (
              <FileRow
                item={item()}
                onRename={props.onRename}
                onTrash={props.onTrash}
                style={{ transform: `translateY(${row.start - offset()}px)` }}
              />
            )}
          </Show>
        )}
      </For>
    </ul>
  );
}
