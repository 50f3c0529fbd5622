import { A, useSearchParams } from "@solidjs/router";
import type { Map as MapLibreMap } from "maplibre-gl";
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { photosApi } from "../../api/photos";
import { useWorkspace } from "../../context";
import { PhotoResults } from "./PhotoResults";
import { PhotoSearchField } from "./PhotoSearchField";
import { createPlacesMap } from "./PlacesMap";
import "maplibre-gl/dist/maplibre-gl.css";
import "./PhotosPage.css";

/**
 * `/photos/places`: the photos with GPS on a map, clustered by the server; a cluster opens its
 * photos below the map. Works offline (Hearth serves the outlines); `?at=lat,lng` centres on a
 * photo's position (the lightbox links here). Loaded on demand: MapLibre stays out of the main bundle.
 */
export default function PlacesPage() {
  const { toasts } = useWorkspace();
  const [params] = useSearchParams<{ at?: string }>();
  const [opened, setOpened] = createSignal<{ area: string; label: string } | null>(null);
  let container!: HTMLDivElement;
  let map: MapLibreMap | undefined;
  document.title = "Places – Hearth";

  onMount(async () => {
    let tileUrl: string | null = null;
    try {
      tileUrl = (await photosApi.mapSettings()).tileUrl;
    } catch {
      // The outlines alone still make a map.
    }
    const at = params.at?.split(",").map(Number);
    const center = at?.length === 2 && at.every(Number.isFinite) ? ([at[1]!, at[0]!] as [number, number]) : undefined;
    map = createPlacesMap({
      container,
      tileUrl,
      center,
      zoom: center ? 12 : undefined,
      load: async (bbox, zoom) => {
        try {
          return await photosApi.places(bbox, zoom);
        } catch (error) {
          toasts.error(error instanceof Error ? error.message : String(error));
          return { level: 0, clusters: [], truncated: false };
        }
      },
      onCluster: (area, _count, label) => setOpened({ area, label }),
    });
    (window as unknown as { hearthPlacesMap?: MapLibreMap }).hearthPlacesMap = map;
  });
  onCleanup(() => map?.remove());

  return (
    <section class="photos places" aria-labelledby="places-title">
      <div class="page-header">
        <h1 id="places-title" class="page-header__title">
          Places
        </h1>
        <div class="page-header__actions">
          <PhotoSearchField />
          <A class="button" href="/photos">
            Timeline
          </A>
        </div>
      </div>
      <div ref={container} class="places__map" data-testid="places-map" />
      <Show when={opened()}>
        {(cluster) => (
          <section class="places__photos" aria-label={cluster().label} data-testid="places-photos">
            <h2>{cluster().label}</h2>
            <PhotoResults query={{ area: cluster().area }} />
          </section>
        )}
      </Show>
    </section>
  );
}
