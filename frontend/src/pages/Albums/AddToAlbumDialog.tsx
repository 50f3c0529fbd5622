import type { AlbumSummary } from "@hearth/contract";
import { createResource, createSignal, For, Show } from "solid-js";
import { albumsApi } from "../../api/albums";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { AlbumCover } from "./AlbumCover";
import "./Albums.css";

const photos = (count: number) => `${count} ${count === 1 ? "photo" : "photos"}`;

/**
 * "Add to album": pick one of your albums (or one shared with you as a contributor), or name a
 * new one. Only photos and videos go in; other files in a Drive selection are left out.
 */
export function AddToAlbumDialog(props: {
  fileIds: string[];
  onClose(): void;
  onAdded(message: string, albumId: string): void;
}) {
  const [albums] = createResource(async () => {
    const { owned, shared } = await albumsApi.list();
    return [...owned, ...shared.filter((album) => album.access === "contributor")];
  });
  const [name, setName] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError("");
    try {
      await work();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }
  const addTo = (album: AlbumSummary) =>
    run(async () => {
      const result = await albumsApi.addItems(album.id, props.fileIds);
      const already = result.unchanged ? ` (${photos(result.unchanged)} already there)` : "";
      props.onAdded(`Added ${photos(result.changed)} to “${album.name}”${already}`, album.id);
    });
  const createNew = () =>
    run(async () => {
      if (!name().trim()) throw new Error("Please name the new album.");
      const album = await albumsApi.create(name().trim(), props.fileIds);
      props.onAdded(`Made “${album.name}” with ${photos(album.count)}`, album.id);
    });

  return (
    <Dialog
      title={`Add ${photos(props.fileIds.length)} to an album`}
      id="add-to-album"
      testId="add-to-album"
      onClose={props.onClose}
      onSubmit={createNew}
    >
      <div class="album-picker__new">
        <input
          class="input"
          placeholder="New album name"
          aria-label="New album name"
          value={name()}
          onInput={(event) => setName(event.currentTarget.value)}
          data-testid="new-album-name"
        />
        <button type="submit" class="button button--primary" disabled={busy()} data-testid="new-album-create">
          <Icon name="plus" />
          <span>New album</span>
        </button>
      </div>
      <Show when={!albums.loading} fallback={<Spinner label="Loading albums…" />}>
        <ul class="album-picker" aria-label="Your albums">
          <For each={albums()} fallback={<li class="muted">No albums yet: name one above.</li>}>
            {(album) => (
              <li>
                <button
                  type="button"
                  class="album-picker__choice"
                  disabled={busy()}
                  onClick={() => void addTo(album)}
                  data-testid="album-choice"
                  data-album-name={album.name}
                >
                  <AlbumCover album={album} size={240} class="album-picker__cover" />
                  <span class="album-picker__text">
                    <strong>{album.name}</strong>
                    <span class="muted">
                      {photos(album.count)}
                      {album.access === "contributor" ? ` · ${album.owner.name}'s` : ""}
                    </span>
                  </span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p class="form-error" role="alert">
        {error()}
      </p>
      <div class="dialog__actions">
        <button type="button" class="button" onClick={() => props.onClose()}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
