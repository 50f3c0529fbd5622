import type { FileItem, OnConflict } from "@hearth/contract";
import { ApiError } from "../../api/client";
import { downloadUrl, driveApi, startDownload, zipUrl } from "../../api/drive";
import type { ConflictChoice } from "../../components/ConflictDialog";
import type { Toasts } from "../../stores/createToasts";

/** How a view applies a change at once, before (or instead of) its event arriving. */
export interface ViewUpdates {
  items(): FileItem[];
  upsert(file: FileItem): void;
  remove(id: string): void;
}

export interface ConflictQuestion {
  name: string;
  folderName: string;
  more: boolean;
}

interface FileActionsOptions {
  view: ViewUpdates;
  toasts: Toasts;
  askConflict(question: ConflictQuestion): Promise<ConflictChoice | null>;
}

const isNameTaken = (error: unknown) => error instanceof ApiError && error.status === 409;
const plural = (count: number, one: string) => `${count} ${count === 1 ? one : `${one}s`}`;
const describe = (items: FileItem[]) => (items.length === 1 ? `“${items[0]!.name}”` : plural(items.length, "item"));

/**
 * What can be done to files and folders, Drive-style: name clashes ask "Keep both or Replace?"
 * (once per batch when asked to), changes show at once, and trashing can be undone.
 */
export function createFileActions(options: FileActionsOptions) {
  const { view, toasts } = options;

  /**
   * "Replace" sent the item that had the name to the trash; no event says so, so drop it here.
   * (Names are unique per folder regardless of case, as the server compares them.)
   */
  function dropReplaced(file: FileItem) {
    const name = file.name.toLowerCase();
    for (const other of [...view.items()]) {
      if (
        other.id !== file.id &&
        (other.parentId ?? null) === (file.parentId ?? null) &&
        other.name.toLowerCase() === name
      )
        view.remove(other.id);
    }
  }

  /**
   * Runs `run` for each item; a 409 asks the user and retries with their answer. Stops at
   * Cancel. Returns what succeeded; failures are reported.
   */
  async function eachWithConflicts(
    items: FileItem[],
    folderName: string,
    run: (item: FileItem, onConflict: OnConflict) => Promise<FileItem>,
    firstTry: (item: FileItem) => OnConflict = () => "fail",
  ): Promise<FileItem[]> {
    const done: FileItem[] = [];
    let forAll: OnConflict | null = null;
    for (const [index, item] of items.entries()) {
      let onConflict: OnConflict = forAll ?? firstTry(item);
      for (;;) {
        try {
          const result = await run(item, onConflict);
          if (onConflict === "replace") dropReplaced(result);
          done.push(result);
          break;
        } catch (error) {
          if (isNameTaken(error) && onConflict === "fail") {
            const choice = await options.askConflict({ name: item.name, folderName, more: index < items.length - 1 });
            if (!choice) return done;
            onConflict = choice.onConflict;
            if (choice.forAll) forAll = choice.onConflict;
            continue;
          }
          toasts.error(`${item.name}: ${error instanceof Error ? error.message : String(error)}`);
          break;
        }
      }
    }
    return done;
  }

  return {
    /** One file as itself; several, or a folder, as a streamed ZIP. */
    download(items: FileItem[], archiveName: string) {
      if (items.length === 0) return;
      const only = items[0]!;
      if (items.length === 1 && only.kind === "file") startDownload(downloadUrl(only.id));
      else
        startDownload(
          zipUrl(
            items.map((item) => item.id),
            items.length === 1 ? only.name : archiveName,
          ),
        );
    },

    /** Throws on failures other than a clash, for the rename dialog to show. */
    async rename(item: FileItem, name: string, folderName: string) {
      if (name === item.name) return;
      let onConflict: OnConflict = "fail";
      for (;;) {
        try {
          const renamed = await driveApi.patchFile(item.id, { name, onConflict });
          if (onConflict === "replace") dropReplaced(renamed);
          view.upsert(renamed);
          return;
        } catch (error) {
          if (!isNameTaken(error) || onConflict !== "fail") throw error;
          const choice = await options.askConflict({ name, folderName, more: false });
          if (!choice) throw new Error(`“${name}” is already used in ${folderName}.`);
          onConflict = choice.onConflict;
        }
      }
    },

    async move(items: FileItem[], folderId: string | null, folderName: string) {
      const moving = items.filter((item) => (item.parentId ?? null) !== folderId && item.id !== folderId);
      if (!moving.length) return;
      const moved = await eachWithConflicts(moving, folderName, (item, onConflict) =>
        driveApi.patchFile(item.id, { parentId: folderId, onConflict }),
      );
      moved.forEach(view.upsert);
      if (moved.length) toasts.info(`Moved ${describe(moved)} to ${folderName}`);
    },

    /** Copies into a folder; into the items' own folder the copy is simply "name (1)". */
    async copy(items: FileItem[], folderId: string | null, folderName: string) {
      const copies = await eachWithConflicts(
        items,
        folderName,
        (item, onConflict) => driveApi.copyFile(item.id, { parentId: folderId, onConflict }),
        (item) => ((item.parentId ?? null) === folderId ? "keepBoth" : "fail"),
      );
      copies.forEach(view.upsert);
      if (copies.length)
        toasts.info(copies.length === 1 ? `Made “${copies[0]!.name}”` : `Copied ${plural(copies.length, "item")}`);
    },

    /** "Make a copy": each item copied beside itself, as "name (1)". */
    async duplicate(items: FileItem[]) {
      const results = await Promise.allSettled(
        items.map((item) => driveApi.copyFile(item.id, { parentId: item.parentId ?? null, onConflict: "keepBoth" })),
      );
      const copies: FileItem[] = [];
      for (const result of results) {
        if (result.status === "fulfilled") copies.push(result.value);
        else toasts.error(result.reason);
      }
      copies.forEach(view.upsert);
      if (copies.length)
        toasts.info(copies.length === 1 ? `Made “${copies[0]!.name}”` : `Made ${copies.length} copies`);
    },

    async setStarred(items: FileItem[], starred: boolean) {
      const results = await Promise.allSettled(items.map((item) => driveApi.setStarred(item.id, starred)));
      for (const result of results) {
        if (result.status === "fulfilled") view.upsert(result.value);
        else toasts.error(result.reason);
      }
    },

    async trash(items: FileItem[]) {
      if (!items.length) return;
      items.forEach((item) => view.remove(item.id));
      const results = await Promise.allSettled(items.map((item) => driveApi.trashFile(item.id)));
      const trashed = items.filter((_, index) => results[index]!.status === "fulfilled");
      results.forEach((result, index) => {
        if (result.status === "rejected") {
          view.upsert(items[index]!);
          toasts.error(result.reason);
        }
      });
      if (!trashed.length) return;
      toasts.info(`${describe(trashed)} moved to trash`, {
        label: "Undo",
        run: () => {
          void Promise.allSettled(trashed.map((item) => driveApi.restore(item.id))).then((restored) => {
            for (const result of restored) {
              if (result.status === "fulfilled") view.upsert(result.value);
              else toasts.error(result.reason);
            }
          });
        },
      });
    },

    async createFolder(parentId: string | null, name: string) {
      view.upsert(await driveApi.createFolder({ parentId, name, onConflict: "fail" }));
    },
  };
}

export type FileActions = ReturnType<typeof createFileActions>;
