import type { FileItem } from "@hearth/contract";
import { createMemo, createSignal, For, onCleanup, onMount } from "solid-js";
import type { ContentSource } from "../../api/shares";
import { PhotoTile } from "../../components/PhotoTile";
import type { Selection } from "../../stores/createSelection";
import { justify } from "./justify";
import "./PhotosPage.css";

const GAP = 4;

/**
 * The timeline's justified rows for a flat list of photos (an album, a link's photos): rows as
 * tall as the timeline's, every photo whole in its own aspect ratio. Rows off screen skip their
 * layout work (content-visibility), which keeps albums of a few thousand photos smooth.
 */
export function JustifiedGrid(props: {
  items: FileItem[];
  source?: ContentSource;
  selection?: Selection;
  onOpen(item: FileItem): void;
}) {
  let container!: HTMLDivElement;
  const [width, setWidth] = createSignal(0);
  onMount(() => {
    const measure = () => setWidth(container.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    onCleanup(() => observer.disconnect());
  });
  const target = () => (width() < 600 ? 120 : 220);
  const rows = createMemo(() => (width() > 0 ? justify(props.items, width(), target(), GAP) : []));
  const selecting = () => (props.selection?.count() ?? 0) > 0;

  return (
    <div
      ref={container}
      class="justified-grid"
      classList={{ "timeline--selecting": selecting() }}
      data-testid="album-grid"
    >
      <For each={rows()}>
        {(row) => (
          <div class="timeline__tiles justified-grid__row" style={{ height: `${row.height}px` }}>
            <For each={row.tiles}>
              {(tile) => (
                <div class="timeline__tile" style={{ width: `${tile.width}px`, height: `${tile.height}px` }}>
                  <PhotoTile
                    item={tile.item}
                    failed={false}
                    source={props.source}
                    onOpen={() => props.onOpen(tile.item)}
                    selection={
                      props.selection && {
                        get selected() {
                          return props.selection!.isSelected(tile.item.id);
                        },
                        get selecting() {
                          return selecting();
                        },
                        onSelect: (range: boolean) =>
                          range ? props.selection!.extendTo(tile.item.id, true) : props.selection!.toggle(tile.item.id),
                      }
                    }
                  />
                </div>
              )}
            </For>
          </div>
        )}
      </For>
    </div>
  );
}
