import { placeLabel, type FileItem } from "@hearth/contract";
import { For, Show } from "solid-js";
import { formatBytes, formatDateTime } from "../format";
import { processingProblem } from "./processingProblem";

/** The lightbox's info panel: what the camera and the file say, whatever of it is known. */
export function LightboxInfo(props: { item: FileItem; details?: [string, string][] }) {
  const media = () => props.item.media;
  const rows = () => {
    const m = media();
    const camera = [m?.cameraMake, m?.cameraModel].filter(Boolean).join(" ");
    const position =
      m?.latitude != null && m.longitude != null ? `${m.latitude.toFixed(5)}, ${m.longitude.toFixed(5)}` : null;
    return [
      // A partner's photo: whose it is.
      ["Shared by", props.item.owner?.name ?? null],
      ["Taken", m?.takenAt ? formatDateTime(m.takenAt) : "Unknown (the file has no date taken)"],
      ["Added", formatDateTime(props.item.createdAt)],
      ["Camera", camera || null],
      ["Lens", m?.lens ?? null],
      ["Dimensions", m?.width && m.height ? `${m.width} × ${m.height}` : null],
      ["Duration", m?.durationSeconds ? `${Math.round(m.durationSeconds)} s` : null],
      ["Size", formatBytes(props.item.size)],
      ["Place", m?.place ? placeLabel(m.place) : null],
      ["Position", position],
      // Why there is no thumbnail (an unsupported format, a damaged file), in the media process's words.
      ["Preview", processingProblem(props.item)],
      ...(props.details ?? []),
    ].filter((row): row is [string, string] => !!row[1]);
  };
  const mapUrl = () => {
    const m = media();
    return m?.latitude != null && m.longitude != null
      ? `https://www.openstreetmap.org/?mlat=${m.latitude}&mlon=${m.longitude}#map=15/${m.latitude}/${m.longitude}`
      : null;
  };
  return (
    <aside class="lightbox__info" aria-label="Photo details" data-testid="lightbox-info">
      <h2>{props.item.name}</h2>
      <dl>
        <For each={rows()}>
          {([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          )}
        </For>
      </dl>
      <Show when={media()?.latitude != null && media()?.longitude != null}>
        <a href={`/photos/places?at=${media()!.latitude},${media()!.longitude}`} data-testid="lightbox-on-map">
          Show on the Places map
        </a>
      </Show>
      <Show when={mapUrl()}>
        {(href) => (
          <a href={href()} target="_blank" rel="noreferrer noopener">
            Open in OpenStreetMap
          </a>
        )}
      </Show>
      {/* Someone else's photo (in a shared album, behind a link) has no folder of yours to show. */}
      <Show when={!props.item.owner && (props.item.parentId !== null || !props.details)}>
        <a href={`/drive/${props.item.parentId ?? ""}`}>Show in its Drive folder</a>
      </Show>
    </aside>
  );
}
