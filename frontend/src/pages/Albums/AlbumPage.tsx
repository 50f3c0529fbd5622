import type { AlbumItem, FileItem } from "@hearth/contract";
import { A, useNavigate, useParams } from "@solidjs/router";
import { createMemo, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { albumContent, albumsApi } from "../../api/albums";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Icon } from "../../components/Icon";
import { Lightbox } from "../../components/Lightbox";
import { PlannedSlideshow, SlideshowButton, type SlideshowPlan } from "../../components/SlideshowPlan";
import { NameDialog } from "../../components/NameDialog";
import { Spinner } from "../../components/Spinner";
import { useSession, useWorkspace } from "../../context";
import { formatDateTime } from "../../format";
import { createSelection } from "../../stores/createSelection";
import { JustifiedGrid } from "../Photos/JustifiedGrid";
import { AlbumShareDialog } from "./AlbumShareDialog";
import { albumFacts } from "./albumFacts";
import { createAlbum } from "./createAlbum";
import "../Drive/FileBrowser.css";
import "./Albums.css";

const photos = (count: number) => `${count} ${count === 1 ? "photo" : "photos"}`;

/**
 * One album: its photos oldest taken first in the timeline's justified grid, with selection
 * (remove from the album, set as cover), the lightbox (who added each photo in its info panel),
 * and the owner's rename, delete and sharing; a member may leave. Another member's additions
 * appear live.
 */
export function AlbumPage() {
  const params = useParams<{ albumId: string }>();
  const navigate = useNavigate();
  const { hub, toasts } = useWorkspace();
  const session = useSession();
  const state = createAlbum(hub, () => params.albumId);
  void state.load();
  const source = createMemo(() => albumContent(params.albumId));
  const items = state.items;
  const selection = createSelection(items as () => FileItem[]);
  const [open, setOpen] = createSignal(-1);
  const [dialog, setDialog] = createSignal<"rename" | "delete" | "leave" | "share" | null>(null);
  const [slideshow, setSlideshow] = createSignal<SlideshowPlan | null>(null);
  const album = state.album;
  const isOwner = () => album()?.access === "owner";
  const selectedItems = () => selection.selectedItems() as AlbumItem[];

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && selection.count() > 0 && open() < 0 && !dialog() && !slideshow()) selection.clear();
  };
  document.addEventListener("keydown", onKeyDown);
  onCleanup(() => document.removeEventListener("keydown", onKeyDown));

  const act = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      toasts.error(error);
    }
  };
  const removeFromAlbum = (chosen: AlbumItem[]) =>
    act(async () => {
      const ids = chosen.map((item) => item.id);
      const result = await albumsApi.removeItems(params.albumId, ids);
      state.removeLocally(ids);
      selection.clear();
      toasts.info(`Removed ${photos(result.changed)} from the album`, {
        label: "Undo",
        run: () => void act(async () => void (await albumsApi.addItems(params.albumId, ids), await state.load())),
      });
    });
  const setCover = (item: AlbumItem) =>
    act(async () => {
      state.setAlbum(await albumsApi.setCover(params.albumId, item.id));
      selection.clear();
      toasts.info("Cover changed");
    });

  return (
    <section class="album-page" aria-labelledby="album-title">
      <Switch>
        <Match when={state.gone()}>
          <div class="empty-state" role="alert" data-testid="album-gone">
            <Icon name="photos" class="empty-state__icon" />
            <p>This album was deleted, or it is no longer shared with you.</p>
            <A class="button" href="/photos/albums">
              All albums
            </A>
          </div>
        </Match>
        <Match when={state.error() && !album()}>
          <div class="empty-state" role="alert">
            <p>{state.error()}</p>
          </div>
        </Match>
        <Match when={!album()}>
          <div class="empty-state">
            <Spinner label="Loading the album…" />
          </div>
        </Match>
        <Match when={album()}>
          {(current) => (
            <>
              <Show
                when={selection.count() > 0}
                fallback={
                  <div class="page-header">
                    <div class="album-page__title">
                      <A class="muted" href="/photos/albums">
                        ← Albums
                      </A>
                      <h1 id="album-title" class="page-header__title" data-testid="album-title">
                        {current().name}
                      </h1>
                      <p class="muted" data-testid="album-facts">
                        {albumFacts(current())}
                        <Show when={current().access !== "owner"}> · {current().owner.name}'s album</Show>
                      </p>
                      <Show when={current().members.length > 0}>
                        <span class="album-page__members" aria-label="Shared with">
                          <For each={current().members}>
                            {(member) => (
                              <span
                                class="avatar"
                                title={`${member.name} (${member.role === "viewer" ? "can view" : "can add"})`}
                              >
                                {member.name.slice(0, 1).toUpperCase()}
                              </span>
                            )}
                          </For>
                        </span>
                      </Show>
                    </div>
                    <div class="page-header__actions">
                      <Show when={items().length > 0}>
                        <SlideshowButton
                          testId="album-slideshow"
                          onClick={() => setSlideshow({ items, start: 0, source: source() })}
                        />
                      </Show>
                      <Show when={isOwner()}>
                        <button
                          type="button"
                          class="button button--primary"
                          onClick={() => setDialog("share")}
                          data-testid="album-share"
                        >
                          <Icon name="share" /> Share
                        </button>
                        <button
                          type="button"
                          class="button"
                          onClick={() => setDialog("rename")}
                          data-testid="album-rename"
                        >
                          <Icon name="edit" /> Rename
                        </button>
                        <button
                          type="button"
                          class="button button--danger"
                          onClick={() => setDialog("delete")}
                          data-testid="album-delete"
                        >
                          <Icon name="trash" /> Delete
                        </button>
                      </Show>
                      <Show when={!isOwner()}>
                        <button
                          type="button"
                          class="button"
                          onClick={() => setDialog("leave")}
                          data-testid="album-leave"
                        >
                          Leave album
                        </button>
                      </Show>
                    </div>
                  </div>
                }
              >
                <div class="browser-bar browser-bar--selecting photos-selection" data-testid="album-selection-bar">
                  <button
                    type="button"
                    class="icon-button"
                    aria-label="Clear selection (Esc)"
                    onClick={() => selection.clear()}
                  >
                    <Icon name="close" />
                  </button>
                  <span class="browser-bar__count" aria-live="polite">
                    {selection.count()} selected
                  </span>
                  <div class="browser-bar__actions" role="toolbar" aria-label="Selected photos">
                    <Show when={isOwner() && selection.count() === 1}>
                      <button
                        type="button"
                        class="button button--quiet"
                        onClick={() => void setCover(selectedItems()[0]!)}
                        data-testid="album-set-cover"
                      >
                        <Icon name="image" />
                        <span class="browser-bar__label">Set as cover</span>
                      </button>
                    </Show>
                    <Show when={current().access !== "viewer"}>
                      <button
                        type="button"
                        class="button button--quiet button--danger"
                        disabled={!selectedItems().every((item) => item.removable)}
                        title={
                          selectedItems().every((item) => item.removable)
                            ? undefined
                            : "You can only remove photos you added"
                        }
                        onClick={() => void removeFromAlbum(selectedItems())}
                        data-testid="album-remove"
                      >
                        <Icon name="minus" />
                        <span class="browser-bar__label">Remove from album</span>
                      </button>
                    </Show>
                  </div>
                </div>
              </Show>
              <Show
                when={items().length > 0}
                fallback={
                  <div class="empty-state" data-testid="album-empty">
                    <Icon name="photos" class="empty-state__icon" />
                    <p>This album is empty.</p>
                    <Show when={current().canAdd}>
                      <p class="muted">
                        Select photos in the <A href="/photos">timeline</A> or in Drive and choose “Add to album”.
                      </p>
                    </Show>
                  </div>
                }
              >
                <JustifiedGrid
                  items={items()}
                  source={source()}
                  selection={current().access === "viewer" ? undefined : selection}
                  onOpen={(item) => setOpen(items().findIndex((other) => other.id === item.id))}
                />
              </Show>
              <Show when={open() >= 0 && items()[open()]}>
                <Lightbox
                  items={items()}
                  index={open()}
                  onIndex={setOpen}
                  onClose={() => setOpen(-1)}
                  source={source()}
                  details={(item) => {
                    const added = item as AlbumItem;
                    return [
                      ["Added by", added.addedBy.name ?? "Someone who left"],
                      ["Added to album", formatDateTime(added.addedAt)],
                    ];
                  }}
                  actions={(item) => (
                    <>
                      <Show when={isOwner()}>
                        <button
                          type="button"
                          class="button button--quiet"
                          onClick={() => void setCover(item as AlbumItem)}
                        >
                          Set as cover
                        </button>
                      </Show>
                      <Show when={(item as AlbumItem).removable}>
                        <button
                          type="button"
                          class="button button--quiet"
                          data-testid="lightbox-remove-from-album"
                          onClick={() => void removeFromAlbum([item as AlbumItem])}
                        >
                          Remove from album
                        </button>
                      </Show>
                    </>
                  )}
                />
              </Show>
              <PlannedSlideshow plan={slideshow()} onClose={() => setSlideshow(null)} />
              <Switch>
                <Match when={dialog() === "rename"}>
                  <NameDialog
                    title="Rename album"
                    label="Album name"
                    submitLabel="Rename"
                    initialName={current().name}
                    testId="album-rename-dialog"
                    onClose={() => setDialog(null)}
                    onSubmit={async (name) => {
                      state.setAlbum(await albumsApi.rename(params.albumId, name));
                      setDialog(null);
                    }}
                  />
                </Match>
                <Match when={dialog() === "delete"}>
                  <ConfirmDialog
                    title={`Delete “${current().name}”?`}
                    confirmLabel="Delete album"
                    danger
                    onClose={() => setDialog(null)}
                    onConfirm={async () => {
                      await albumsApi.remove(params.albumId);
                      toasts.info(`Deleted “${current().name}”; its photos are still in your library`);
                      navigate("/photos/albums");
                    }}
                  >
                    <p>The photos stay in everyone's library; only the album and its links go.</p>
                  </ConfirmDialog>
                </Match>
                <Match when={dialog() === "leave"}>
                  <ConfirmDialog
                    title={`Leave “${current().name}”?`}
                    confirmLabel="Leave"
                    danger
                    onClose={() => setDialog(null)}
                    onConfirm={async () => {
                      await albumsApi.removeMember(params.albumId, session.user()!.id);
                      navigate("/photos/albums");
                    }}
                  >
                    <p>
                      Photos you added leave the album with you. {current().owner.name} can share it with you again.
                    </p>
                  </ConfirmDialog>
                </Match>
                <Match when={dialog() === "share"}>
                  <AlbumShareDialog
                    album={current()}
                    onChanged={(changed) => state.setAlbum(changed)}
                    onClose={() => setDialog(null)}
                    onCopied={(message) => toasts.info(message)}
                  />
                </Match>
              </Switch>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
