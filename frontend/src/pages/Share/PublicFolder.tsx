import type { FileItem, PublicItemShare } from "@hearth/contract";
import { useSearchParams } from "@solidjs/router";
import { createMemo, createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { publicShareApi, publicZipUrl, sharedContent } from "../../api/shares";
import { Breadcrumbs } from "../../components/Breadcrumbs";
import { FileThumb } from "../../components/FileThumb";
import { Icon } from "../../components/Icon";
import { Preview } from "../../components/Preview";
import { Spinner } from "../../components/Spinner";
import { formatBytes, formatModified } from "../../format";
import { compareFiles } from "../../stores/fileOrder";

/**
 * A shared folder, browsable inside it only: the trail starts at the shared folder, folders
 * open in place (`?folder=` keeps Back working), files open in the viewer.
 */
export function PublicFolder(props: { token: string; share: PublicItemShare }) {
  const [params, setParams] = useSearchParams<{ folder?: string }>();
  const source = sharedContent(props.token);
  const folderId = () => params.folder || null;
  const [previewId, setPreviewId] = createSignal<string | null>(null);
  const [listing] = createResource(
    () => ({ folder: folderId() }),
    ({ folder }) => publicShareApi.listFolder(props.token, folder),
  );

  const items = createMemo(() => [...(listing()?.items ?? [])].sort(compareFiles));
  const files = createMemo(() => items().filter((item) => item.kind === "file"));
  const href = (id: string | null) =>
    !id || id === props.share.item.id
      ? `/s/${encodeURIComponent(props.token)}`
      : `/s/${encodeURIComponent(props.token)}?folder=${encodeURIComponent(id)}`;
  const path = () => {
    const steps = listing()?.path ?? [];
    return steps.length ? steps : [{ id: props.share.item.id, name: props.share.item.name }];
  };

  const open = (item: FileItem) => {
    if (item.kind === "folder") setParams({ folder: item.id });
    else setPreviewId(item.id);
  };

  return (
    <section class="public-folder" aria-label={props.share.item.name}>
      <div class="page-header">
        <div class="page-header__title">
          <Breadcrumbs path={path()} href={href} />
        </div>
        <Show when={props.share.allowDownload} fallback={<span class="badge">View only</span>}>
          <a class="button button--primary" href={publicZipUrl(props.token)} download="" data-testid="public-download">
            <Icon name="download" />
            <span>Download all (ZIP)</span>
          </a>
        </Show>
      </div>
      <Switch>
        <Match when={listing.error}>
          <div class="empty-state" role="alert">
            <p>{listing.error instanceof Error ? listing.error.message : "This folder can't be opened."}</p>
            <a class="button" href={href(null)}>
              Back to the shared folder
            </a>
          </div>
        </Match>
        <Match when={listing.loading && !listing()}>
          <div class="empty-state">
            <Spinner label="Loading folder…" />
          </div>
        </Match>
        <Match when={items().length === 0}>
          <div class="empty-state">
            <Icon name="folder" class="empty-state__icon" />
            <p>This folder is empty.</p>
          </div>
        </Match>
        <Match when={true}>
          <ul class="public-list" aria-label="Files">
            <For each={items()}>
              {(item) => (
                <li class="public-row" data-testid="public-row" data-name={item.name} data-kind={item.kind}>
                  <FileThumb item={item} thumbnail={source.thumbnail} />
                  <button type="button" class="public-row__name" onClick={() => open(item)} title={item.name}>
                    {item.name}
                  </button>
                  <span class="public-row__size">{item.kind === "folder" ? "—" : formatBytes(item.size)}</span>
                  <span class="public-row__modified">{formatModified(item.updatedAt)}</span>
                  <Show when={props.share.allowDownload && item.kind === "file"} fallback={<span />}>
                    <a
                      class="icon-button"
                      href={source.download(item.id)}
                      download={item.name}
                      aria-label={`Download ${item.name}`}
                      data-testid="public-row-download"
                    >
                      <Icon name="download" />
                    </a>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
      <Show when={previewId()}>
        {(id) => (
          <Preview
            items={files()}
            openId={id()}
            source={source}
            allowDownload={props.share.allowDownload}
            onOpen={setPreviewId}
            onClose={() => setPreviewId(null)}
          />
        )}
      </Show>
    </section>
  );
}
