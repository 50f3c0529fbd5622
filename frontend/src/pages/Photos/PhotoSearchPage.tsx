import type { SearchWord } from "@hearth/contract";
import { A, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { PhotoResults } from "./PhotoResults";
import { PhotoSearchField } from "./PhotoSearchField";
import "./PhotosPage.css";

/** How the words were read, for the header: "July 2019 · iPhone". */
function describe(words: SearchWord[]): string {
  return words
    .map((w) => (w.kind === "text" ? `“${w.text}”` : w.text.charAt(0).toUpperCase() + w.text.slice(1)))
    .join(" · ");
}

/** `/photos/search?q=`: photos matching every word, newest first; `?area=` (from the map) keeps to one place. */
export function PhotoSearchPage() {
  const [params] = useSearchParams<{ q?: string; area?: string; label?: string }>();
  const [understood, setUnderstood] = createSignal<SearchWord[]>([]);
  document.title = "Search photos – Hearth";
  const title = () => params.label ?? (understood().length ? describe(understood()) : (params.q ?? ""));
  return (
    <section class="photos" aria-labelledby="photo-search-title">
      <div class="page-header">
        <h1 id="photo-search-title" class="page-header__title" data-testid="photo-search-title">
          {title() || "Search photos"}
        </h1>
        <div class="page-header__actions">
          <PhotoSearchField initial={params.q} />
          <A class="button" href="/photos/places">
            Places
          </A>
          <A class="button" href="/photos">
            Timeline
          </A>
        </div>
      </div>
      <Show
        when={params.q || params.area}
        fallback={<p class="muted">Search by place, date (“July 2019”, “summer”), camera or file name.</p>}
      >
        <PhotoResults query={{ q: params.q, area: params.area }} onLoaded={(page) => setUnderstood(page.understood)} />
      </Show>
    </section>
  );
}
