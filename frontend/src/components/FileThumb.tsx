import type { FileItem, ThumbnailSize } from "@hearth/contract";
import { createSignal, Show } from "solid-js";
import { thumbnailUrl } from "../api/client";
import { Icon, iconForFile } from "./Icon";
import { processingProblem } from "./processingProblem";

/**
 * The 240px thumbnail once it is ready, the file-type icon until then (or if it fails to load).
 * `thumbnail` builds the URL where it is not the owner's (a share link's).
 */
export function FileThumb(props: { item: FileItem; thumbnail?: (id: string, size: ThumbnailSize) => string }) {
  const [broken, setBroken] = createSignal(false);
  const ready = () => props.item.kind === "file" && props.item.thumbnails.includes(240) && !broken();
  const problem = () => processingProblem(props.item);
  return (
    <span class="file-thumb" classList={{ "file-thumb--folder": props.item.kind === "folder" }}>
      <Show when={ready()} fallback={<Icon name={iconForFile(props.item.kind, props.item.mime, props.item.name)} />}>
        <img
          src={(props.thumbnail ?? thumbnailUrl)(props.item.id, 240)}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          onError={() => setBroken(true)}
        />
      </Show>
      <Show when={problem()}>
        {(reason) => (
          <span class="file-thumb__badge" title={reason()} data-testid="processing-failed-badge">
            <Icon name="broken" title={reason()} />
          </span>
        )}
      </Show>
    </span>
  );
}
