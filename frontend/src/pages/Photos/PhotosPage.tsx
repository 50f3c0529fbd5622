import type { FileItem } from "@hearth/contract";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createMemo, createSignal, Match, onCleanup, Show, Switch } from "solid-js";
import { driveApi } from "../../api/drive";
import { photosApi } from "../../api/photos";
import { Icon } from "../../components/Icon";
import { Lightbox } from "../../components/Lightbox";
import { listSlides, PlannedSlideshow, SlideshowButton, type SlideshowPlan } from "../../components/SlideshowPlan";
import { ShareDialog, type ShareTarget } from "../../components/ShareDialog";
import { AddToAlbumDialog } from "../Albums/AddToAlbumDialog";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { takeSharedFiles } from "../../pwa";
import { createSelection } from "../../stores/createSelection";
import { createTimeline } from "../../stores/createTimeline";
import { createFileDrop, sourcesFromPicker } from "../Drive/createFileDrop";
import { createPhotoActions } from "./createPhotoActions";
import { createPhotoWindow } from "./createPhotoWindow";
import { MemoriesStrip } from "./MemoriesStrip";
import { PhotoSearchField } from "./PhotoSearchField";
import { PhotoSelectionBar } from "./PhotoSelectionBar";
import { photosFolderId } from "./photosFolder";
import { Scrubber } from "./Scrubber";
import { TimelineGrid } from "./TimelineGrid";
import { timelineSlides } from "./timelineSlides";
import "./PhotosPage.css";

/**
 * Photos: every image and video in the user's Drive on one timeline, newest taken first, with a
 * scrubber to any month; `?month=2024-07` keeps the place across reloads. The Archive page is the
 * same view of archived photos (`archived`).
 */
function PhotosView(props: { archived: boolean }) {
  const archived = props.archived;
  const { hub, uploads, toasts } = useWorkspace();
  const navigate = useNavigate();
  const timeline = createTimeline(hub, archived);
  const [params, setParams] = useSearchParams<{ month?: string; shared?: string; photo?: string }>();
  const [jumpTo, setJumpTo] = createSignal<{ month: string; at: number } | null>(
    params.month ? { month: params.month, at: 0 } : null,
  );
  const [topMonth, setTopMonth] = createSignal<string | null>(params.month ?? null);
  const loaded = createMemo(() => timeline.loaded());
  const selection = createSelection(loaded);
  // The lightbox walks the server's neighbours, not just the months loaded here; `?photo=` links to one.
  const lightbox = createPhotoWindow(toasts.error);
  // A change made elsewhere (another tab, another device) shows in the open lightbox too.
  hub.listen((event) => {
    if (event.type === "file.updated") {
      lightbox.update(event.file);
      if (!!event.file.archivedAt !== archived) lightbox.remove(event.file.id);
    } else if (event.type === "file.trashed" || event.type === "file.deleted") lightbox.remove(event.fileId);
  });
  const openPhoto = (id: string) => {
    lightbox.open(id, loaded());
    setParams({ photo: id }, { replace: true });
  };
  const closePhoto = () => {
    lightbox.close();
    setParams({ photo: undefined }, { replace: true });
  };
  if (params.photo) openPhoto(params.photo);
  const [sharing, setSharing] = createSignal<ShareTarget | null>(null);
  // The photos "Add to album" was chosen for (a selection, or the lightbox's photo).
  const [addingToAlbum, setAddingToAlbum] = createSignal<string[] | null>(null);
  // Slideshow: from the first photo on screen on through the timeline, or of the selected photos.
  const [slideshow, setSlideshow] = createSignal<SlideshowPlan | null>(null);
  let grid: { firstVisiblePhoto(): FileItem | undefined } | undefined;
  const playTimeline = () => {
    const start = grid?.firstVisiblePhoto() ?? loaded()[0];
    if (start) setSlideshow(timelineSlides(start));
  };
  const playSelection = () => {
    const chosen = selection.selectedItems();
    if (chosen.length === 1) setSlideshow(timelineSlides(chosen[0]!));
    else if (chosen.length > 1) setSlideshow(listSlides(loaded().filter((item) => selection.isSelected(item.id))));
  };
  const view = {
    items: loaded,
    upsert: (file: FileItem) => {
      timeline.update(file);
      lightbox.update(file);
      // Archived (or unarchived) on this page: it has left this shelf.
      if (!!file.archivedAt !== archived) lightbox.remove(file.id);
    },
    remove: (id: string) => {
      timeline.remove(id);
      lightbox.remove(id);
    },
  };
  const actions = createPhotoActions(view, toasts);
  // Esc clears a selection (the lightbox, a dialog, takes its own Esc first).
  const onKeyDown = (event: KeyboardEvent) => {
    if (
      event.key !== "Escape" ||
      selection.count() === 0 ||
      lightbox.openId() ||
      sharing() ||
      addingToAlbum() ||
      slideshow()
    )
      return;
    selection.clear();
  };
  document.addEventListener("keydown", onKeyDown);
  onCleanup(() => document.removeEventListener("keydown", onKeyDown));
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
    onFavourite: (item: FileItem) => act(async () => view.upsert(await driveApi.setStarred(item.id, !item.starred))),
    onArchive: (item: FileItem) => act(async () => view.upsert(await photosApi.setArchived(item.id, !item.archivedAt))),
    onTrash: (item: FileItem) =>
      act(async () => {
        await driveApi.trashFile(item.id);
        view.remove(item.id);
      }),
    onAddToAlbum: (item: FileItem) => setAddingToAlbum([item.id]),
  };
  const shareSelection = () => {
    const chosen = selection.selectedItems();
    if (chosen.length === 1) setSharing({ kind: "item", item: chosen[0]! });
    else setSharing({ kind: "selection", fileIds: chosen.map((item) => item.id) });
  };

  const count = () => timeline.months().reduce((sum, m) => sum + m.count, 0);

  return (
    <section class="photos" classList={{ "photos--dragging": drop.dragging() }} aria-labelledby="photos-title">
      {/* While photos are selected, what can be done to them takes the header's place. */}
      <Show
        when={selection.count() > 0}
        fallback={
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
              <Show when={!archived}>
                <PhotoSearchField />
                <A class="button" href="/photos/places" data-testid="photos-places">
                  Places
                </A>
                <A class="button" href="/photos/albums" data-testid="photos-albums">
                  Albums
                </A>
              </Show>
              <Show when={count()}>
                <SlideshowButton testId="photos-slideshow" onClick={playTimeline} />
              </Show>
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
        }
      >
        <PhotoSelectionBar
          selected={selection.selectedItems()}
          archived={archived}
          onClear={() => selection.clear()}
          onFavourite={(starred) => void actions.setFavourite(selection.selectedItems(), starred)}
          onArchive={() => void actions.setArchived(selection.selectedItems(), !archived)}
          onDownload={() => actions.download(selection.selectedItems())}
          onShare={shareSelection}
          onAddToAlbum={() => setAddingToAlbum(selection.selectedIds())}
          onTrash={() => void actions.trash(selection.selectedItems())}
          onSlideshow={playSelection}
        />
      </Show>
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
          <Show when={!archived}>
            <MemoriesStrip hub={hub} onPlay={setSlideshow} />
          </Show>
          <div class="photos__body">
            <TimelineGrid
              onReady={(api) => (grid = api)}
              timeline={timeline}
              onOpen={(item) => openPhoto(item.id)}
              selection={selection}
              jumpTo={jumpTo()}
              onTopMonth={onTopMonth}
            />
            <Scrubber months={timeline.months()} current={topMonth()} onJump={jump} />
          </div>
        </Match>
      </Switch>
      <Show when={lightbox.index() >= 0}>
        <Lightbox
          items={lightbox.items()}
          index={lightbox.index()}
          onIndex={(index) => {
            lightbox.moveTo(index);
            setParams({ photo: lightbox.openId() ?? undefined }, { replace: true });
          }}
          onClose={closePhoto}
          {...lightboxActions}
        />
      </Show>
      <PlannedSlideshow plan={slideshow()} onClose={() => setSlideshow(null)} />
      <Show when={sharing()}>
        {(target) => (
          <ShareDialog
            target={target()}
            onClose={() => setSharing(null)}
            onCopied={(message) => toasts.info(message)}
          />
        )}
      </Show>
      <Show when={addingToAlbum()}>
        {(fileIds) => (
          <AddToAlbumDialog
            fileIds={fileIds()}
            onClose={() => setAddingToAlbum(null)}
            onAdded={(message, albumId) => {
              setAddingToAlbum(null);
              selection.clear();
              toasts.info(message, { label: "Open album", run: () => navigate(`/photos/albums/${albumId}`) });
            }}
          />
        )}
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
