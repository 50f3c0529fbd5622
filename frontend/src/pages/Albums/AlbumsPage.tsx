import type { AlbumSummary, HearthEvent } from "@hearth/contract";
import { A, useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { albumsApi } from "../../api/albums";
import { Icon } from "../../components/Icon";
import { NameDialog } from "../../components/NameDialog";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { AlbumCover } from "./AlbumCover";
import { albumFacts } from "./albumFacts";
import "./Albums.css";

/** Photos → Albums: your albums and those shared with you, as cover cards; "New album". */
export function AlbumsPage() {
  const { hub, toasts } = useWorkspace();
  const navigate = useNavigate();
  const [lists, { refetch }] = createResource(() => albumsApi.list());
  const [creating, setCreating] = createSignal(false);
  hub.listen((event: HearthEvent) => {
    if (event.type === "album.changed") void refetch();
  });
  hub.onResync(() => void refetch());
  document.title = "Albums – Hearth";

  return (
    <section class="albums" aria-labelledby="albums-title">
      <div class="page-header">
        <h1 id="albums-title" class="page-header__title">
          Albums
        </h1>
        <div class="page-header__actions">
          <A class="button" href="/photos">
            Timeline
          </A>
          <button
            type="button"
            class="button button--primary"
            onClick={() => setCreating(true)}
            data-testid="album-new"
          >
            <Icon name="plus" /> New album
          </button>
        </div>
      </div>
      <Switch>
        <Match when={lists.error}>
          <div class="empty-state" role="alert">
            <p>{String(lists.error?.message ?? lists.error)}</p>
          </div>
        </Match>
        <Match when={!lists()}>
          <div class="empty-state">
            <Spinner label="Loading albums…" />
          </div>
        </Match>
        <Match when={lists()}>
          {(current) => (
            <>
              <AlbumSection
                title="Your albums"
                albums={current().owned}
                empty="No albums yet. Select photos in the timeline and choose “Add to album”, or make an empty one."
                testId="albums-owned"
              />
              <AlbumSection
                title="Shared with me"
                albums={current().shared}
                empty="When someone in your household shares an album with you, it appears here."
                testId="albums-shared"
              />
            </>
          )}
        </Match>
      </Switch>
      <Show when={creating()}>
        <NameDialog
          title="New album"
          label="Album name"
          submitLabel="Create"
          testId="album-create"
          onClose={() => setCreating(false)}
          onSubmit={async (name) => {
            const album = await albumsApi.create(name);
            setCreating(false);
            toasts.info(`Made “${album.name}”`);
            navigate(`/photos/albums/${album.id}`);
          }}
        />
      </Show>
    </section>
  );
}

function AlbumSection(props: { title: string; albums: AlbumSummary[]; empty: string; testId: string }) {
  return (
    <section class="albums-section" aria-label={props.title} data-testid={props.testId}>
      <h2 class="albums-section__title">{props.title}</h2>
      <Show when={props.albums.length} fallback={<p class="muted">{props.empty}</p>}>
        <ul class="albums-grid">
          <For each={props.albums}>
            {(album) => (
              <li>
                <A
                  class="album-card"
                  href={`/photos/albums/${album.id}`}
                  data-testid="album-card"
                  data-album-name={album.name}
                >
                  <AlbumCover album={album} size={720} />
                  <span class="album-card__name">{album.name}</span>
                  <span class="album-card__facts">
                    {albumFacts(album)}
                    <Show when={album.access !== "owner" || album.memberCount > 0}>
                      {" · "}
                      <span class="album-card__shared">
                        <Icon name="users" />
                        {album.access === "owner" ? "Shared" : album.owner.name}
                      </span>
                    </Show>
                  </span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
