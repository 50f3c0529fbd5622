import type { FileItem } from "@hearth/contract";
import { A, useSearchParams } from "@solidjs/router";
import { createMemo, createSignal, Match, Show, Switch } from "solid-js";
import { driveApi } from "../../api/drive";
import { photosApi } from "../../api/photos";
import { Icon } from "../../components/Icon";
import { Lightbox } from "../../components/Lightbox";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { takeSharedFiles } from "../../pwa";
import { createTimeline } from "../../stores/createTimeline";
import { createFileDrop, sourcesFromPicker } from "../Drive/createFileDrop";
import { photosFolderId } from "./photosFolder";
import { Scrubber } from "./Scrubber";
import { TimelineGrid } from "./TimelineGrid";
import "./PhotosPage.css";

/**
 * Photos: every image and video in the user's Drive on one timeline, newest taken first, with a
 * scrubber to any month; `?month=2024-07` keeps the place across reloads. The Archive page is the
 * same view of archived photos (`archived`).
 */
function PhotosView(props: { archived: boolean }) {
  const archived = props.archived;
  const { hub, uploads, toasts } = useWorkspace();
  const timeline = createTimeline(hub, archived);
  const [params, setParams] = useSearchParams<{ month?: string; shared?: string }>();
  const [jumpTo, setJumpTo] = createSignal<{ month: string; at: number } | null>(
    params.month ? { month: params.month, at: 0 } : null,
  );
  const [topMonth, setTopMonth] = createSignal<string | null>(params.month ?? null);
  // The open photo is held by id, so photos arriving above it don't shift what is shown.
  const [openId, setOpenId] = createSignal<string | null>(null);
  const loaded = createMemo(() => timeline.loaded());
  const openIndex = createMemo(() => {
    const id = openId();
    return id ? loaded().findIndex((item) => item.id === id) : -1;
  });
  let fileInput!: HTMLInputElement;

  document.title = `${archived ? "Archive" : "Photos"} – Hearth`;

  const jump = (month: string) => {
    setJumpTo({ month, at: Date.now() });
    setTopMonth(month);
  };
  const onTopMonth = (month: string) => {
    if (month === topMonth()) return;
    setTopMonth(month);
    setParams({ month }, { replace: true });
  };

  async function upload(files: Parameters<typeof uploads.add>[0]) {
    try {
      uploads.add(files, await photosFolderId());
    } catch (error) {
      toasts.error(error instanceof Error ? error.message : String(error));
    }
  }
  // Photos shared to Hearth from another app (the installed app is an Android share target).
  if (!archived && params.shared)
    void takeSharedFiles().then((files) => {
      setParams({ shared: undefined }, { replace: true });
      if (files.length) void upload(files.map((file) => ({ file, dirs: [] })));
    });

  const drop = createFileDrop({ onDrop: (dropped) => void upload(dropped.files), onError: toasts.error });

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      toasts.error(error instanceof Error ? error.message : String(error));
    }
  };
  const lightboxActions = {
    onFavourite: (item: FileItem) =>
      act(async () => timeline.update(await driveApi.setStarred(item.id, !item.starred))),
    onArchive: (item: FileItem) =>
      act(async () => timeline.update(await photosApi.setArchived(item.id, !item.archivedAt))),
    onTrash: (item: FileItem) =>
      act(async () => {
        await driveApi.trashFile(item.id);
        timeline.remove(item.id);
      }),
  };

  const count = () => timeline.months().reduce((sum, m) => sum + m.count, 0);

  return (
    <section class="photos" classList={{ "photos--dragging": drop.dragging() }} aria-labelledby="photos-title">
      <div class="page-header">
        <h1 id="photos-title" class="page-header__title">
          {archived ? "Archive" : "Photos"}
        </h1>
        <Show when={count()}>
          <p class="muted" data-testid="photos-count">
            {count().toLocaleString()} {count() === 1 ? "item" : "items"}
          </p>
        </Show>
        <div class="page-header__actions">
          <A class="button" href={archived ? "/photos" : "/photos/archive"}>
            {archived ? "Timeline" : "Archive"}
          </A>
          <Show when={!archived}>
            <button
              type="button"
              class="button button--primary"
              data-testid="photos-upload"
              onClick={() => fileInput.click()}
            >
              <Icon name="upload" /> Upload
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              accept="image/*,video/*"
              hidden
              data-testid="photos-upload-input"
              onChange={(event) => {
                const input = event.currentTarget;
                if (input.files?.length) void upload(sourcesFromPicker(input.files));
                input.value = "";
              }}
            />
          </Show>
        </div>
      </div>
      <Switch>
        <Match when={timeline.error() && timeline.months().length === 0}>
          <div class="empty-state" role="alert">
            <p>{timeline.error()}</p>
          </div>
        </Match>
        <Match when={!timeline.ready()}>
          <div class="empty-state">
            <Spinner label="Loading photos…" />
          </div>
        </Match>
        <Match when={timeline.months().length === 0}>
          <div class="empty-state" data-testid="photos-empty">
            <Icon name="photos" class="empty-state__icon" />
            <p>{archived ? "Nothing archived." : "No photos or videos yet."}</p>
            <Show when={!archived}>
              <p class="muted">Drop photos here or use Upload; photos anywhere in your Drive appear here too.</p>
            </Show>
          </div>
        </Match>
        <Match when={true}>
          <div class="photos__body">
            <TimelineGrid
              timeline={timeline}
              onOpen={(item) => setOpenId(item.id)}
              jumpTo={jumpTo()}
              onTopMonth={onTopMonth}
            />
            <Scrubber months={timeline.months()} current={topMonth()} onJump={jump} />
          </div>
        </Match>
      </Switch>
      <Show when={openId()}>
        <Lightbox
          items={loaded()}
          index={openIndex()}
          onIndex={(index) => setOpenId(loaded()[index]?.id ?? null)}
          onClose={() => setOpenId(null)}
          {...lightboxActions}
        />
      </Show>
      <Show when={drop.dragging()}>
        <div class="drop-overlay" aria-hidden="true">
          <p>Drop photos and videos to upload them</p>
        </div>
      </Show>
    </section>
  );
}

export const PhotosPage = () => <PhotosView archived={false} />;
export const ArchivePage = () => <PhotosView archived />;
