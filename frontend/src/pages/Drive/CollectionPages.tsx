import type { FileItem } from "@hearth/contract";
import { useSearchParams } from "@solidjs/router";
import { createEffect, Show, type JSX } from "solid-js";
import { driveApi } from "../../api/drive";
import { Icon, type IconName } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { createItemsView, type ItemsView } from "../../stores/createItemsView";
import { compareFiles, newestFirst } from "../../stores/fileOrder";
import { resultsFocused, resultsFocusWanted } from "../../stores/searchFocus";
import { FileBrowser } from "./FileBrowser";
import "./DrivePage.css";

function CollectionView(props: {
  title: JSX.Element;
  plainTitle: string;
  icon: IconName;
  view: ItemsView;
  empty: JSX.Element;
}) {
  return (
    <section class="drive" aria-labelledby="collection-title">
      <div class="page-header drive__header">
        <h1 id="collection-title" class="drive__heading">
          <Icon name={props.icon} />
          <span>{props.title}</span>
        </h1>
      </div>
      <Show
        when={!(props.view.error() && props.view.items().length === 0)}
        fallback={
          <div class="empty-state" role="alert">
            <p>{props.view.error()}</p>
            <button type="button" class="button" onClick={() => void props.view.reload()}>
              Try again
            </button>
          </div>
        }
      >
        <FileBrowser
          items={props.view.items()}
          view={props.view}
          title={props.plainTitle}
          showLocation
          empty={
            <Show when={!props.view.loading()} fallback={<Spinner label="Loading…" />}>
              {props.empty}
            </Show>
          }
        />
      </Show>
    </section>
  );
}

/** Files changed or added most recently, newest first. */
export function RecentPage() {
  const { hub } = useWorkspace();
  const view = createItemsView(hub, {
    load: driveApi.recent,
    belongs: (file) => file.kind === "file",
    compare: newestFirst,
    limit: 100,
  });
  document.title = "Recent – Hearth";
  return (
    <CollectionView
      title="Recent"
      plainTitle="Recent"
      icon="clock"
      view={view}
      empty={
        <div class="empty-state" data-testid="recent-empty">
          <Icon name="clock" class="empty-state__icon" />
          <p>Nothing yet.</p>
          <p class="muted">Files you add or change show up here.</p>
        </div>
      }
    />
  );
}

export function StarredPage() {
  const { hub } = useWorkspace();
  const view = createItemsView(hub, { load: driveApi.starred, belongs: (file) => file.starred, compare: compareFiles });
  document.title = "Starred – Hearth";
  return (
    <CollectionView
      title="Starred"
      plainTitle="Starred"
      icon="star"
      view={view}
      empty={
        <div class="empty-state" data-testid="starred-empty">
          <Icon name="star" class="empty-state__icon" />
          <p>No starred files yet.</p>
          <p class="muted">Star the things you open often (right-click → Add to Starred) to find them here.</p>
        </div>
      }
    />
  );
}

/** Results for the header's search box: names containing the text, each with the folder it is in. */
export function SearchPage() {
  const { hub } = useWorkspace();
  const [params] = useSearchParams<{ q?: string }>();
  const query = () => (params.q ?? "").trim();
  const matches = (file: FileItem) => !!query() && file.name.toLowerCase().includes(query().toLowerCase());
  const view = createItemsView(hub, {
    load: () => (query() ? driveApi.search(query()) : Promise.resolve({ items: [] })),
    key: query,
    belongs: matches,
  });

  createEffect(() => {
    document.title = query() ? `“${query()}” – Search – Hearth` : "Search – Hearth";
  });

  // Enter in the search box: the results take the keyboard (the first one is focused), so a
  // second Enter opens it.
  createEffect(() => {
    if (!resultsFocusWanted() || view.loading()) return;
    resultsFocused();
    document.querySelector<HTMLElement>(".drive [data-testid=file-list]")?.focus();
  });

  return (
    <CollectionView
      title={
        <Show when={query()} fallback="Search">
          Results for “{query()}”
        </Show>
      }
      plainTitle={query() ? `Search results for ${query()}` : "Search"}
      icon="search"
      view={view}
      empty={
        <div class="empty-state" data-testid="search-empty">
          <Icon name="search" class="empty-state__icon" />
          <Show when={query()} fallback={<p>Type in the search box to find files and folders by name.</p>}>
            <p>Nothing is called “{query()}”.</p>
            <p class="muted">Search looks for the text anywhere in a name: “2041” finds IMG_2041.jpg.</p>
          </Show>
        </div>
      }
    />
  );
}
