import type { FileItem } from "@hearth/contract";
import type { ContextMenuItem } from "../../components/ContextMenu";

export interface ItemMenuHandlers {
  open(item: FileItem): void;
  /** Offered where items from many folders are listed (search, Recent, Starred). */
  showInFolder?: (item: FileItem) => void;
  download(): void;
  rename(): void;
  move(): void;
  copy(): void;
  star(starred: boolean): void;
  share(): void;
  trash(): void;
}

/**
 * The right-click menu for the selected items: what applies to one item (open, rename, share)
 * only appears for one; Star becomes Unstar when all of them are starred.
 */
export function itemMenu(list: FileItem[], on: ItemMenuHandlers): ContextMenuItem[] {
  const single = list.length === 1 ? list[0]! : null;
  const allStarred = list.every((item) => item.starred);
  const entries: (ContextMenuItem | false)[] = [
    !!single && { label: "Open", icon: "open", testId: "menu-open", hint: "Enter", onSelect: () => on.open(single) },
    !!single &&
      !!on.showInFolder && {
        label: "Show in folder",
        icon: "folder",
        testId: "menu-show-in-folder",
        onSelect: () => on.showInFolder?.(single),
      },
    {
      label: list.length > 1 || single?.kind === "folder" ? "Download as ZIP" : "Download",
      icon: "download",
      testId: "menu-download",
      onSelect: on.download,
    },
    !!single && {
      label: "Rename…",
      icon: "edit",
      testId: "menu-rename",
      legacyTestId: "file-rename",
      hint: "F2",
      onSelect: on.rename,
      separated: true,
    },
    { label: "Move to…", icon: "move", testId: "menu-move", onSelect: on.move, separated: !single },
    { label: "Make a copy", icon: "copy", testId: "menu-copy", onSelect: on.copy },
    {
      label: allStarred ? "Remove from Starred" : "Add to Starred",
      icon: allStarred ? "starFilled" : "star",
      testId: "menu-star",
      onSelect: () => on.star(!allStarred),
    },
    !!single && { label: "Share…", icon: "share", testId: "menu-share", onSelect: on.share },
    {
      label: "Move to trash",
      icon: "trash",
      testId: "menu-trash",
      legacyTestId: "file-trash",
      hint: "Del",
      danger: true,
      separated: true,
      onSelect: on.trash,
    },
  ];
  return entries.filter((entry): entry is ContextMenuItem => !!entry);
}
