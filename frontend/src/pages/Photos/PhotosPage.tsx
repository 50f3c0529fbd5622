import { A } from "@solidjs/router";
import { createMemo, createSignal, Match, Show, Switch } from "solid-js";
import { Icon } from "../../components/Icon";
import { Lightbox } from "../../components/Lightbox";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { createPhotoLibrary } from "../../stores/createPhotoLibrary";
import { PhotoGrid } from "./PhotoGrid";
import "./PhotosPage.css";

export function PhotosPage() {
  const { hub } = useWorkspace();
  const library = createPhotoLibrary(hub);
  // The open photo is held by id, so photos arriving above it don't shift what is shown.
  const [openId, setOpenId] = createSignal<string | null>(null);
  const openIndex = createMemo(() => {
    const id = openId();
    return id ? library.items().findIndex((item) => item.id === id) : -1;
  });

  document.title = "Photos – Hearth";

  return (
    <section class="photos" aria-labelledby="photos-title">
      <div class="page-header">
        <h1 id="photos-title" class="page-header__title">
          Photos
        </h1>
        <Show when={library.items().length}>
          <p class="muted">
            {library.items().length} {library.items().length === 1 ? "item" : "items"}
          </p>
        </Show>
      </div>
      <Switch>
        <Match when={library.error() && library.items().length === 0}>
          <div class="empty-state" role="alert">
            <p>{library.error()}</p>
            <button type="button" class="button" onClick={() => void library.reload()}>
              Try again
            </button>
          </div>
        </Match>
        <Match when={library.loading() && library.items().length === 0}>
          <div class="empty-state">
            <Spinner label="Loading photos…" />
          </div>
        </Match>
        <Match when={library.items().length === 0}>
          <div class="empty-state" data-testid="photos-empty">
            <Icon name="photos" class="empty-state__icon" />
            <p>No photos or videos yet.</p>
            <p class="muted">
              Upload them in <A href="/drive">Drive</A> and they will appear here, newest first.
            </p>
          </div>
        </Match>
        <Match when={true}>
          <PhotoGrid days={library.days()} failed={library.thumbnailFailed} onOpen={(item) => setOpenId(item.id)} />
        </Match>
      </Switch>
      <Show when={openId()}>
        <Lightbox
          items={library.items()}
          index={openIndex()}
          onIndex={(index) => setOpenId(library.items()[index]?.id ?? null)}
          onClose={() => setOpenId(null)}
        />
      </Show>
    </section>
  );
}
