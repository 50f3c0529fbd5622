import type { FileItem, SortKey } from "@hearth/contract";
import { useNavigate } from "@solidjs/router";
import { createMemo, createSelector, createSignal, Match, onCleanup, Show, Switch, type JSX } from "solid-js";
import { driveApi, type FolderSort } from "../../api/drive";
import { ownContent } from "../../api/shares";
import type { ConflictChoice } from "../../components/ConflictDialog";
import { ConflictDialog } from "../../components/ConflictDialog";
import { ContextMenu, type ContextMenuItem } from "../../components/ContextMenu";
import { FileGridRows, FileListHeader, FileListRows } from "../../components/FileList";
import { folderHref, itemDomId, type ItemViewState } from "../../components/FileRow";
import { Icon } from "../../components/Icon";
import { MoveDialog } from "../../components/MoveDialog";
import { NameDialog } from "../../components/NameDialog";
import { Preview } from "../../components/Preview";
import { ShareDialog } from "../../components/ShareDialog";
import { AddToAlbumDialog } from "../Albums/AddToAlbumDialog";
import { useWorkspace } from "../../context";
import { createSelection } from "../../stores/createSelection";
import { fileClipboard, isCut, putOnClipboard } from "../../stores/fileClipboard";
import { provideDropActions } from "../../stores/itemDrag";
import { viewMode } from "../../stores/viewPrefs";
import { createBrowserKeys } from "./createBrowserKeys";
import { createBrowserPointer } from "./createBrowserPointer";
import { createFileActions, type ConflictQuestion, type ViewUpdates } from "./createFileActions";
import { itemMenu } from "./itemMenu";
import { SelectionBar } from "./SelectionBar";
import "./FileBrowser.css";

export interface FileBrowserProps {
  items: FileItem[];
  /** Applies a change to the list at once (the event confirms it later). */
  view: ViewUpdates;
  /** Set for a folder (null: My Drive): paste and drops land here. Undefined for Recent, Starred, search. */
  folderId?: string | null;
  /** "My Drive", the folder's name, "Starred"…: for messages and ZIP names. */
  title: string;
  sort?: FolderSort;
  onSort?(key: SortKey): void;
  /** Search, Recent and Starred show which folder each item is in. */
  showLocation?: boolean;
  /** What an empty list shows. */
  empty: JSX.Element;
  /** The menu of a right-click on empty space (New folder, Upload…). */
  backgroundMenu?(): ContextMenuItem[];
  /** Files from the desktop dragged over a folder row: that row lights up. */
  externalDropTarget?(): string | undefined;
}

type OpenDialog =
  | { kind: "rename"; item: FileItem }
  | { kind: "move"; items: FileItem[]; verb: "Move" | "Copy" }
  | { kind: "share"; item: FileItem }
  | { kind: "album"; fileIds: string[] }
  | null;

/** Photos and videos (what an album holds): the rest of a Drive selection stays out of "Add to album". */
const isPhotoOrVideo = (item: FileItem) => item.kind === "file" && /^(image|video)\//.test(item.mime ?? "");

interface PendingConflict extends ConflictQuestion {
  resolve(choice: ConflictChoice | null): void;
}

interface MenuState {
  x: number;
  y: number;
  items: ContextMenuItem[];
}

/**
 * The file manager itself, shared by every Drive view: a virtualized list or grid, desktop
 * selection (click, Ctrl/Cmd-click, Shift-click, Ctrl+A, Esc), the keyboard, the context menu,
 * drag-and-drop moves, the preview, and the rename / move / share / name-clash dialogs.
 * Rows only draw; every pointer event is handled here once, by delegation.
 */
export function FileBrowser(props: FileBrowserProps) {
  const { toasts } = useWorkspace();
  const navigate = useNavigate();
  const items = () => props.items;
  const selection = createSelection(items);
  const [dialog, setDialog] = createSignal<OpenDialog>(null);
  const [conflict, setConflict] = createSignal<PendingConflict | null>(null);
  const [menu, setMenu] = createSignal<MenuState | null>(null);
  const [previewId, setPreviewId] = createSignal<string | null>(null);
  const [columns, setColumns] = createSignal(1);
  let scroller!: HTMLDivElement;
  let root!: HTMLDivElement;
  let dragBadge!: HTMLDivElement;
  let scrollToIndex: (index: number) => void = () => {};

  const actions = createFileActions({
    view: props.view,
    toasts,
    askConflict: (question) => new Promise((resolve) => setConflict({ ...question, resolve })),
  });

  const byId = createMemo(() => new Map(items().map((item) => [item.id, item])));
  const files = createMemo(() => items().filter((item) => item.kind === "file"));

  const pointer = createBrowserPointer({
    scroller: () => scroller,
    dragBadge: () => dragBadge,
    byId: (id) => byId().get(id),
    selection,
    open,
    openMenu,
    hasBackgroundMenu: () => !!props.backgroundMenu || !!fileClipboard(),
  });

  const isDropTarget = createSelector(() => pointer.dropTarget() ?? props.externalDropTarget?.() ?? null);

  const stateOf = (item: FileItem): ItemViewState => ({
    get selected() {
      return selection.isSelected(item.id);
    },
    get focused() {
      return selection.isFocused(item.id);
    },
    get dropTarget() {
      return isDropTarget(item.id);
    },
    get cut() {
      return isCut(item.id);
    },
  });

  /** What a command acts on: the selection (never just the keyboard focus: Esc then Delete must do nothing). */
  const targets = (): FileItem[] => selection.selectedItems();
  /** Open and rename also take the focused item when nothing is selected. */
  const oneTarget = (): FileItem | undefined => {
    const selected = selection.selectedItems();
    if (selected.length === 1) return selected[0];
    return selected.length === 0 ? byId().get(selection.focusedId() ?? "") : undefined;
  };

  function open(item: FileItem) {
    if (item.kind === "folder") navigate(folderHref(item.id));
    else setPreviewId(item.id);
  }

  const startFolder = (list: FileItem[]) => {
    const parents = new Set(list.map((item) => item.parentId ?? null));
    return parents.size === 1 ? [...parents][0]! : (props.folderId ?? null);
  };

  const commands = {
    open: () => {
      const focused = byId().get(selection.focusedId() ?? "");
      const item = focused && (selection.isSelected(focused.id) || selection.count() === 0) ? focused : oneTarget();
      if (item) open(item);
    },
    rename: () => {
      const item = oneTarget();
      if (item) setDialog({ kind: "rename", item });
    },
    move: () => {
      const list = targets();
      if (list.length) setDialog({ kind: "move", items: list, verb: "Move" });
    },
    share: () => {
      const list = targets();
      if (list.length === 1) setDialog({ kind: "share", item: list[0]! });
    },
    addToAlbum: () => {
      const photos = targets().filter(isPhotoOrVideo);
      if (photos.length) setDialog({ kind: "album", fileIds: photos.map((item) => item.id) });
    },
    download: () => actions.download(targets(), props.title),
    trash: () => void actions.trash(targets()),
    star: (starred: boolean) => void actions.setStarred(targets(), starred),
    copyHere: () => void actions.duplicate(targets()),
    clipboard: (mode: "copy" | "cut") => {
      const list = targets();
      if (list.length) {
        putOnClipboard({ mode, items: list });
        toasts.info(
          `${list.length === 1 ? `“${list[0]!.name}”` : `${list.length} items`} ${mode === "copy" ? "copied" : "cut"}: paste with Ctrl+V in another folder`,
        );
      }
    },
    paste: () => {
      const contents = fileClipboard();
      if (!contents || props.folderId === undefined) return;
      const folderId = props.folderId;
      if (contents.mode === "cut") {
        putOnClipboard(null);
        void actions.move(contents.items, folderId, props.title);
      } else {
        void actions.copy(contents.items, folderId, props.title);
      }
    },
  };

  const menuFor = (list: FileItem[]) =>
    itemMenu(list, {
      open,
      showInFolder: props.showLocation ? (item) => navigate(folderHref(item.parentId)) : undefined,
      download: commands.download,
      rename: commands.rename,
      move: commands.move,
      copy: commands.copyHere,
      star: commands.star,
      share: commands.share,
      trash: commands.trash,
    });

  function openMenu(x: number, y: number, forItem?: FileItem) {
    if (forItem) {
      if (!selection.isSelected(forItem.id)) selection.only(forItem.id);
      else selection.focus(forItem.id);
      setMenu({ x, y, items: menuFor(targets()) });
      return;
    }
    const background = props.backgroundMenu?.() ?? [];
    const contents = fileClipboard();
    if (contents && props.folderId !== undefined)
      background.push({
        label: "Paste",
        icon: "copy",
        testId: "menu-paste",
        hint: "Ctrl+V",
        onSelect: commands.paste,
        separated: background.length > 0,
      });
    if (background.length) setMenu({ x, y, items: background });
  }

  const closeMenu = () => {
    setMenu(null);
    if (!document.querySelector("dialog[open]")) scroller.focus({ preventScroll: true });
  };

  provideDropActions({
    move(ids, folderId) {
      const known = ids.map((id) => byId().get(id)).filter((item): item is FileItem => !!item);
      const target = folderId ? byId().get(folderId) : undefined;
      // A drop on a breadcrumb or the sidebar names a folder that may not be in this list.
      const name = folderId === null ? "My Drive" : (target?.name ?? "the folder");
      if (known.length) void actions.move(known, folderId, name);
    },
    trash(ids) {
      void actions.trash(ids.map((id) => byId().get(id)).filter((item): item is FileItem => !!item));
    },
  });

  const keys = createBrowserKeys({
    root: () => root,
    scroller: () => scroller,
    items,
    selection,
    columns: () => (viewMode() === "grid" ? columns() : 1),
    scrollTo: (index) => scrollToIndex(index),
    busy: () => !!(menu() || dialog() || conflict() || previewId()),
    commands: {
      ...commands,
      paste: props.folderId === undefined ? undefined : commands.paste,
      openMenu() {
        const item = byId().get(selection.focusedId() ?? "") ?? targets()[0];
        if (!item) return;
        const rect =
          document.getElementById(itemDomId(item.id))?.getBoundingClientRect() ?? scroller.getBoundingClientRect();
        openMenu(rect.left + 48, rect.top + rect.height / 2, item);
      },
    },
  });
  document.addEventListener("keydown", keys);
  onCleanup(() => document.removeEventListener("keydown", keys));

  const previewFiles = () => files();
  const renaming = () => {
    const open = dialog();
    return open?.kind === "rename" ? open.item : undefined;
  };
  const moving = () => {
    const open = dialog();
    return open?.kind === "move" ? open : undefined;
  };
  const sharing = () => {
    const open = dialog();
    return open?.kind === "share" ? open.item : undefined;
  };
  const addingToAlbum = () => {
    const open = dialog();
    return open?.kind === "album" ? open.fileIds : undefined;
  };
  const closePreview = () => {
    const id = previewId();
    setPreviewId(null);
    if (id && byId().has(id)) {
      selection.only(id);
      scrollToIndex(selection.indexOf(id));
    }
    scroller.focus({ preventScroll: true });
  };

  return (
    <div class="browser" ref={root} classList={{ "browser--grid": viewMode() === "grid" }}>
      <SelectionBar
        selected={selection.selectedItems()}
        total={items().length}
        onClear={selection.clear}
        onDownload={commands.download}
        onMove={commands.move}
        onShare={commands.share}
        onAddToAlbum={selection.selectedItems().some(isPhotoOrVideo) ? commands.addToAlbum : undefined}
        onStar={commands.star}
        onTrash={commands.trash}
        sort={props.sort}
        onSort={props.onSort}
      />
      <Show when={viewMode() === "list"}>
        <div class="browser__header">
          <FileListHeader sort={props.sort} onSort={props.onSort} showLocation={props.showLocation} />
        </div>
      </Show>
      <div
        ref={scroller}
        class="browser__scroller"
        role="listbox"
        tabindex="0"
        aria-label={props.title}
        aria-multiselectable="true"
        aria-activedescendant={selection.focusedId() ? itemDomId(selection.focusedId()!) : undefined}
        data-testid="file-list"
        onPointerDown={pointer.onPointerDown}
        onFocus={() => {
          // A list box taking the keyboard starts at its first item.
          const first = items()[0];
          if (selection.focusedIndex() < 0 && first) selection.focus(first.id);
        }}
        onClick={pointer.onClick}
        onDblClick={pointer.onDblClick}
        onContextMenu={pointer.onContextMenu}
        onDragStart={pointer.onDragStart}
        onDragOver={pointer.onDragOver}
        onDragLeave={pointer.onDragLeave}
        onDrop={pointer.onDrop}
        onDragEnd={pointer.onDragEnd}
      >
        <Switch>
          <Match when={items().length === 0}>
            <div class="browser__empty">{props.empty}</div>
          </Match>
          <Match when={viewMode() === "grid"}>
            <FileGridRows
              items={items()}
              stateOf={stateOf}
              scroller={scroller}
              onScrollTo={(fn) => (scrollToIndex = fn)}
              onColumns={setColumns}
            />
          </Match>
          <Match when={true}>
            <FileListRows
              items={items()}
              stateOf={stateOf}
              scroller={scroller}
              showLocation={props.showLocation}
              onScrollTo={(fn) => (scrollToIndex = fn)}
            />
          </Match>
        </Switch>
      </div>
      <div ref={dragBadge} class="drag-badge" aria-hidden="true" />

      <Show when={menu()}>
        {(state) => (
          <ContextMenu x={state().x} y={state().y} items={state().items} label="Item actions" onClose={closeMenu} />
        )}
      </Show>

      <Show when={previewId()}>
        {(id) => (
          <Preview
            items={previewFiles()}
            openId={id()}
            source={ownContent}
            allowDownload
            onOpen={setPreviewId}
            onClose={closePreview}
            onReprocess={(item) => driveApi.reprocess(item.id)}
            actions={(item) => (
              <>
                <button
                  type="button"
                  class="icon-button"
                  aria-label={item.starred ? "Remove from Starred" : "Add to Starred"}
                  aria-pressed={item.starred}
                  onClick={() => void actions.setStarred([item], !item.starred)}
                  data-testid="preview-star"
                >
                  <Icon name={item.starred ? "starFilled" : "star"} />
                </button>
                <button
                  type="button"
                  class="icon-button"
                  aria-label="Share"
                  onClick={() => setDialog({ kind: "share", item })}
                  data-testid="preview-share"
                >
                  <Icon name="share" />
                </button>
              </>
            )}
          />
        )}
      </Show>

      <Switch>
        <Match when={renaming()}>
          {(item) => (
            <NameDialog
              title="Rename"
              label="New name"
              submitLabel="Rename"
              initialName={item().name}
              testId="rename"
              inputTestId="rename-input"
              onSubmit={(name) => actions.rename(item(), name, props.title)}
              onClose={() => setDialog(null)}
            />
          )}
        </Match>
        <Match when={moving()}>
          {(open) => (
            <MoveDialog
              items={open().items}
              verb={open().verb}
              startFolderId={startFolder(open().items)}
              onSubmit={(folderId, name) =>
                open().verb === "Move"
                  ? actions.move(open().items, folderId, name)
                  : actions.copy(open().items, folderId, name)
              }
              onClose={() => setDialog(null)}
            />
          )}
        </Match>
        <Match when={sharing()}>
          {(item) => (
            <ShareDialog item={item()} onClose={() => setDialog(null)} onCopied={(message) => toasts.info(message)} />
          )}
        </Match>
        <Match when={addingToAlbum()}>
          {(fileIds) => (
            <AddToAlbumDialog
              fileIds={fileIds()}
              onClose={() => setDialog(null)}
              onAdded={(message, albumId) => {
                setDialog(null);
                toasts.info(message, { label: "Open album", run: () => navigate(`/photos/albums/${albumId}`) });
              }}
            />
          )}
        </Match>
      </Switch>

      <Show when={conflict()}>
        {(question) => (
          <ConflictDialog
            name={question().name}
            folderName={question().folderName}
            more={question().more}
            onChoose={(choice) => {
              const { resolve } = question();
              setConflict(null);
              resolve(choice);
            }}
          />
        )}
      </Show>
    </div>
  );
}
