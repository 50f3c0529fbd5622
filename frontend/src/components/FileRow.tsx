import type { FileItem } from "@hearth/api-types";
import { A } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import { contentUrl } from "../api/client";
import { formatBytes, formatModified } from "../format";
import { ActionMenu } from "./ActionMenu";
import { FileThumb } from "./FileThumb";

export interface FileRowActions {
  onRename(item: FileItem): void;
  onTrash(item: FileItem): void;
}

export const folderHref = (id: string | null) => (id ? `/drive/${encodeURIComponent(id)}` : "/drive");

/**
 * One entry of a folder. The name is the real link (keyboard, middle-click, "open in new tab");
 * a click anywhere else on the row follows it too.
 */
export function FileRow(props: { item: FileItem; style?: JSX.CSSProperties } & FileRowActions) {
  let link!: HTMLAnchorElement;

  const onRowClick = (event: MouseEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest("a, button, input, [role=menu]")) return;
    link.click();
  };

  const isFolder = () => props.item.kind === "folder";

  return (
    <li
      class="file-row"
      data-testid="file-row"
      data-name={props.item.name}
      data-file-id={props.item.id}
      data-kind={props.item.kind}
      style={props.style}
      onClick={onRowClick}
    >
      <FileThumb item={props.item} />
      <Show
        when={isFolder()}
        fallback={
          <a ref={link} class="file-row__name" href={contentUrl(props.item.id)} target="_blank" rel="noopener">
            {props.item.name}
          </a>
        }
      >
        <A ref={link} class="file-row__name" href={folderHref(props.item.id)}>
          {props.item.name}
        </A>
      </Show>
      <span class="file-row__size">{isFolder() ? "—" : formatBytes(props.item.size)}</span>
      <span class="file-row__modified">
        <time datetime={props.item.updatedAt}>{formatModified(props.item.updatedAt)}</time>
      </span>
      <ActionMenu
        label={`Actions for ${props.item.name}`}
        testId="file-menu"
        actions={[
          ...(isFolder()
            ? []
            : [
                {
                  label: "Download",
                  onSelect: () => {
                    const anchor = document.createElement("a");
                    anchor.href = contentUrl(props.item.id);
                    anchor.download = props.item.name;
                    anchor.click();
                  },
                },
              ]),
          { label: "Rename…", testId: "file-rename", onSelect: () => props.onRename(props.item) },
          { label: "Move to trash", testId: "file-trash", danger: true, onSelect: () => props.onTrash(props.item) },
        ]}
      />
    </li>
  );
}
