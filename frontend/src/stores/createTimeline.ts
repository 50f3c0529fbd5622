import type { FileItem, HearthEvent, PhotoMonth } from "@hearth/contract";
import { batch, createEffect, createSignal, on } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { driveApi } from "../api/drive";
import { photosApi } from "../api/photos";
import type { EventHub } from "./createEventHub";

export const isMedia = (file: FileItem) =>
  file.kind === "file" && !!file.mime && (file.mime.startsWith("image/") || file.mime.startsWith("video/"));

/** When a photo was taken, or when it arrived if the camera didn't say: where the server sorts it. */
export const photoTime = (file: FileItem) => file.media?.takenAt || file.createdAt;

/** The timeline month ("2024-07") a photo is in: UTC, as the server counts months. */
export const monthOfPhoto = (file: FileItem) => new Date(photoTime(file)).toISOString().slice(0, 7);

/** Its day within the month ("2024-07-28"), on the same clock as its month. */
export const dayOfPhoto = (file: FileItem) => new Date(photoTime(file)).toISOString().slice(0, 10);

/** The server's order: newest taken first, then id descending. */
const newestFirst = (a: FileItem, b: FileItem) =>
  Date.parse(photoTime(b)) - Date.parse(photoTime(a)) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const PAGE = 1000;

/** Where a timeline's months and pages come from: the viewer's own timeline, or a partner's photos. */
export interface TimelineFeed {
  months(): Promise<{ months: PhotoMonth[] }>;
  page(params: {
    month?: string;
    before?: string;
    limit?: number;
  }): Promise<{ items: FileItem[]; nextCursor: string | null }>;
}

/**
 * The Photos timeline, loaded a month at a time: the month list (with counts) first, then each
 * month's photos when it scrolls near the screen. Live events move a photo into its month and day
 * (a photo processed later, when its EXIF date becomes known, moves to where it was taken).
 */
export function createTimeline(hub: EventHub, archived = false, partnerFeed?: TimelineFeed) {
  // A partner's photos (partner sharing): the viewer's own file events are not about them.
  const feed: TimelineFeed = partnerFeed ?? photosApi;
  const [months, setMonths] = createSignal<PhotoMonth[]>([]);
  const [ready, setReady] = createSignal(false);
  const [error, setError] = createSignal("");
  const [state, setState] = createStore<{ byMonth: Record<string, FileItem[]>; failed: Record<string, boolean> }>({
    byMonth: {},
    failed: {},
  });
  const loading = new Set<string>();
  // Events raised before the live connection first opened were never heard: what was read before
  // then is read again once it is live (each month replaced when its new read arrives, no flicker).
  let readBeforeLive = false;
  const noteRead = () => {
    if (hub.state() !== "live") readBeforeLive = true;
  };

  // Reads answer out of order on a busy server: an answer older than one already shown is dropped
  // (a stale month list once hid a new upload until a reload), and a month that a photo moved into
  // or out of while its read was on the way is read again. Answers are never dropped for being
  // merely superseded: under a steady stream of events that would show nothing until it stopped.
  let monthsAsked = 0;
  let monthsShown = 0;
  const monthReads = new Map<string, number>();
  const monthShown = new Map<string, number>();
  const monthChanges = new Map<string, number>();
  const touch = (month: string) => monthChanges.set(month, (monthChanges.get(month) ?? 0) + 1);
  // Bumped when the whole timeline is read afresh (a resync, a partner share changed).
  let generation = 0;

  async function loadMonths() {
    noteRead();
    const asked = ++monthsAsked;
    try {
      if (archived) {
        // The archive is small: load it whole, grouped into months here.
        const items: FileItem[] = [];
        let before: string | undefined;
        do {
          const page = await photosApi.archive({ before, limit: PAGE });
          items.push(...page.items);
          before = page.nextCursor ?? undefined;
        } while (before);
        if (asked < monthsShown) return;
        monthsShown = asked;
        const byMonth: Record<string, FileItem[]> = {};
        for (const item of items) (byMonth[monthOfPhoto(item)] ??= []).push(item);
        setState("byMonth", byMonth);
        setMonths(Object.entries(byMonth).map(([month, list]) => ({ month, count: list.length })));
      } else {
        const { months } = await feed.months();
        if (asked < monthsShown) return;
        monthsShown = asked;
        setMonths(months);
      }
      setError("");
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setReady(true);
    }
  }

  /** Reads a month's photos (every page of it) and puts them in place. */
  async function readMonth(month: string): Promise<void> {
    noteRead();
    const asked = (monthReads.get(month) ?? 0) + 1;
    monthReads.set(month, asked);
    const changesBefore = monthChanges.get(month) ?? 0;
    const generationBefore = generation;
    try {
      const items: FileItem[] = [];
      let before: string | undefined;
      do {
        const page = await feed.page({ month, before, limit: PAGE });
        items.push(...page.items);
        before = page.nextCursor ?? undefined;
      } while (before);
      if (generation !== generationBefore) return readMonth(month);
      if (asked < (monthShown.get(month) ?? 0)) return;
      monthShown.set(month, asked);
      setState("byMonth", month, items);
      // Shown now, and read again for what changed meanwhile (unless a newer read will bring it).
      if ((monthChanges.get(month) ?? 0) !== changesBefore && monthReads.get(month) === asked) void readMonth(month);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  /** Loads a month's photos unless it is loaded or loading. */
  async function loadMonth(month: string) {
    if (archived || state.byMonth[month] || loading.has(month)) return;
    loading.add(month);
    try {
      await readMonth(month);
    } finally {
      loading.delete(month);
    }
  }

  createEffect(
    on(
      hub.state,
      (connection) => {
        if (connection !== "live" || !readBeforeLive) return;
        readBeforeLive = false;
        void loadMonths();
        if (!archived) for (const month of Object.keys(state.byMonth)) void readMonth(month);
      },
      { defer: true },
    ),
  );

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The counts changed: fetch them again (one small read), a moment after a burst of events. */
  const refreshMonths = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void loadMonths(), 250);
  };

  // Changes applied per photo: a fetch answered after a newer change must not undo it (a photo
  // archived while its thumbnail.ready fetch was on the way came back into the timeline).
  const changes = new Map<string, number>();
  const changed = (id: string) => changes.set(id, (changes.get(id) ?? 0) + 1);

  function remove(id: string) {
    changed(id);
    setState(
      produce((draft) => {
        for (const [month, list] of Object.entries(draft.byMonth)) {
          const index = list.findIndex((item) => item.id === id);
          if (index < 0) continue;
          touch(month);
          draft.byMonth[month] = list.filter((item) => item.id !== id);
        }
      }),
    );
  }

  function upsert(file: FileItem) {
    // One change: an open lightbox never sees the photo gone between its removal and its return.
    batch(() => {
      remove(file.id);
      const belongs = isMedia(file) && !file.trashedAt && !!file.archivedAt === archived;
      if (!belongs) return;
      const month = monthOfPhoto(file);
      // Also when the month is not loaded: a read of it already on its way may not have it.
      touch(month);
      if (state.byMonth[month] || archived)
        setState("byMonth", month, (list = []) => [...list, file].sort(newestFirst));
    });
  }

  /** Everything may have changed: drop what is held and read the months again. */
  function readAfresh() {
    generation++;
    setState("byMonth", {});
    void loadMonths();
  }

  function apply(event: HearthEvent) {
    // A partner share began, changed or ended: what this timeline holds may have changed anywhere.
    if (event.type === "partners.changed") return readAfresh();
    if (partnerFeed) return;
    switch (event.type) {
      case "file.created":
      case "file.updated":
      case "file.restored":
        if (!isMedia(event.file)) return;
        upsert(event.file);
        refreshMonths();
        break;
      case "file.trashed":
      case "file.deleted":
        remove(event.fileId);
        refreshMonths();
        break;
      case "thumbnail.ready": {
        // Processing also learned the date taken and the size: fetch the item to put it in its place,
        // unless the photo changed again while the fetch was on its way (that change is newer).
        const asked = changes.get(event.fileId) ?? 0;
        void driveApi.getFile(event.fileId).then(
          (file) => (changes.get(event.fileId) ?? 0) === asked && upsert(file),
          () => undefined,
        );
        refreshMonths();
        break;
      }
      case "job.progress":
        if (event.state === "failed") setState("failed", event.fileId, true);
        break;
    }
  }

  hub.listen(apply);
  hub.onResync(readAfresh);
  void loadMonths();

  return {
    months,
    ready,
    error,
    itemsOf: (month: string): FileItem[] | undefined => state.byMonth[month],
    loadMonth,
    /** Every loaded photo in timeline order (the lightbox moves through these). */
    loaded: (): FileItem[] => months().flatMap((m) => state.byMonth[m.month] ?? []),
    update: upsert,
    remove,
    thumbnailFailed: (id: string) => !!state.failed[id],
  };
}

export type Timeline = ReturnType<typeof createTimeline>;
