import type { FileItem } from "@hearth/contract";
import { driveApi } from "../../api/drive";
import { photosApi } from "../../api/photos";
import type { Toasts } from "../../stores/createToasts";
import { createFileActions, type ViewUpdates } from "../Drive/createFileActions";

/** Requests in flight at once: a few more than a browser's six per host keeps the pipe full without a queue of hundreds. */
const PARALLEL = 8;

const photos = (count: number) => `${count} ${count === 1 ? "photo" : "photos"}`;

/** Runs `work` for each item, PARALLEL at a time; the results in order (settled, like Promise.allSettled). */
async function eachLimited<T>(items: FileItem[], work: (item: FileItem) => Promise<T>) {
  const results: PromiseSettledResult<T>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const at = next++;
      try {
        results[at] = { status: "fulfilled", value: await work(items[at]!) };
      } catch (reason) {
        results[at] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, lane));
  return results;
}

/**
 * What can be done to selected photos: favourite (Drive's star), archive or bring back, download
 * as a ZIP, and trash (Drive's trash, with Undo). Each change shows in place at once and a toast
 * says how many it touched; failures are reported one by one.
 */
export function createPhotoActions(view: ViewUpdates, toasts: Toasts) {
  // Download and trash are exactly Drive's; no name can clash in either, so nobody is asked.
  const drive = createFileActions({ view, toasts, askConflict: async () => null });

  /** Applies `work` to each; updates the view with what came back; returns how many succeeded. */
  async function apply(items: FileItem[], work: (item: FileItem) => Promise<FileItem>) {
    const results = await eachLimited(items, work);
    let done = 0;
    for (const result of results) {
      if (result.status === "fulfilled") {
        view.upsert(result.value);
        done++;
      } else toasts.error(result.reason);
    }
    return done;
  }

  return {
    download: (items: FileItem[]) => drive.download(items, "Photos"),
    trash: (items: FileItem[]) => drive.trash(items),

    async setFavourite(items: FileItem[], starred: boolean) {
      const changing = items.filter((item) => item.starred !== starred);
      const done = await apply(changing, (item) => driveApi.setStarred(item.id, starred));
      if (done)
        toasts.info(starred ? `Added ${photos(done)} to favourites` : `Removed ${photos(done)} from favourites`);
    },

    async setArchived(items: FileItem[], archived: boolean) {
      const done = await apply(items, (item) => photosApi.setArchived(item.id, archived));
      if (!done) return;
      toasts.info(archived ? `Archived ${photos(done)}` : `Moved ${photos(done)} back to the timeline`, {
        label: "Undo",
        run: () => void apply(items, (item) => photosApi.setArchived(item.id, !archived)),
      });
    },
  };
}

export type PhotoActions = ReturnType<typeof createPhotoActions>;
