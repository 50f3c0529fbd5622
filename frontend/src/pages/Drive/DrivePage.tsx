import type { FileItem } from "@hearth/api-types";
import { A, useParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, Match, Show, Switch } from "solid-js";
import { api } from "../../api/client";
import { Breadcrumbs } from "../../components/Breadcrumbs";
import { FileList } from "../../components/FileList";
import { Icon } from "../../components/Icon";
import { NameDialog } from "../../components/NameDialog";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { createFolderListing } from "../../stores/createFolderListing";
import { folderPath } from "../../stores/folderNames";
import { createFileDrop } from "./createFileDrop";
import "./DrivePage.css";

type OpenDialog = { kind: "new-folder" } | { kind: "rename"; item: FileItem } | null;

export function DrivePage() {
  const params = useParams<{ folderId?: string }>();
  const folderId = () => params.folderId || null;
  const { hub, uploads, toasts } = useWorkspace();
  const listing = createFolderListing(folderId, hub);
  const path = createMemo(() => folderPath(folderId()));
  const [dialog, setDialog] = createSignal<OpenDialog>(null);
  const renaming = () => {
    const open = dialog();
    return open?.kind === "rename" ? open.item : undefined;
  };
  let fileInput!: HTMLInputElement;

  createEffect(() => {
    document.title = `${path()[path().length - 1]?.name ?? "Drive"} – Hearth`;
  });

  const drop = createFileDrop({
    onFiles: (files) => uploads.add(files, folderId()),
    onSkippedFolders: (count) =>
      toasts.info(`${count === 1 ? "A folder was" : `${count} folders were`} skipped: drop the files inside instead.`),
  });

  function pickFiles(event: Event & { currentTarget: HTMLInputElement }) {
    const input = event.currentTarget;
    if (input.files?.length) uploads.add([...input.files], folderId());
    input.value = "";
  }

  async function trash(item: FileItem) {
    listing.remove(item.id);
    try {
      await api.trashFile(item.id);
      toasts.info(`“${item.name}” moved to trash`);
    } catch (error) {
      listing.upsert(item);
      toasts.error(error);
    }
  }

  async function createFolder(name: string) {
    const folder = await api.createFolder({ parentId: folderId(), name });
    listing.upsert(folder);
  }

  async function rename(item: FileItem, name: string) {
    if (name === item.name) return;
    listing.upsert(await api.patchFile(item.id, { name }));
  }

  return (
    <section class="drive" classList={{ "drive--dragging": drop.dragging() }} aria-labelledby="drive-title">
      <div class="page-header">
        <div id="drive-title" class="page-header__title">
          <Breadcrumbs path={path()} />
        </div>
        <div class="toolbar">
          <button type="button" class="button" data-testid="new-folder" onClick={() => setDialog({ kind: "new-folder" })}>
            <Icon name="newFolder" />
            <span>New folder</span>
          </button>
          <button type="button" class="button button--primary" data-testid="upload-button" onClick={() => fileInput.click()}>
            <Icon name="upload" />
            <span>Upload</span>
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            class="visually-hidden"
            tabindex="-1"
            aria-label="Choose files to upload"
            data-testid="upload-input"
            onChange={pickFiles}
          />
        </div>
      </div>

      <Switch>
        <Match when={listing.error() && listing.items().length === 0}>
          <div class="empty-state" role="alert">
            <p>{listing.error()}</p>
            <p>
              <button type="button" class="button" onClick={() => void listing.reload()}>
                Try again
              </button>{" "}
              <A href="/drive" class="button button--quiet">
                Go to My Drive
              </A>
            </p>
          </div>
        </Match>
        <Match when={listing.loading() && listing.items().length === 0}>
          <div class="empty-state">
            <Spinner label="Loading folder…" />
          </div>
        </Match>
        <Match when={listing.items().length === 0}>
          <div class="empty-state" data-testid="empty-folder">
            <Icon name="upload" class="empty-state__icon" />
            <p>This folder is empty.</p>
            <p class="muted">Drop files anywhere on this page, or use Upload.</p>
          </div>
        </Match>
        <Match when={true}>
          <FileList items={listing.items()} onRename={(item) => setDialog({ kind: "rename", item })} onTrash={trash} />
        </Match>
      </Switch>

      <Show when={drop.dragging()}>
        <div class="drop-overlay" aria-hidden="true">
          <div class="drop-overlay__card">
            <Icon name="upload" />
            <p>Drop to upload to “{path()[path().length - 1]?.name}”</p>
          </div>
        </div>
      </Show>

      <Switch>
        <Match when={dialog()?.kind === "new-folder"}>
          <NameDialog
            title="New folder"
            label="Folder name"
            submitLabel="Create"
            initialName="Untitled folder"
            testId="new-folder"
            onSubmit={createFolder}
            onClose={() => setDialog(null)}
          />
        </Match>
        <Match when={renaming()}>
          {(item) => (
            <NameDialog
              title="Rename"
              label="New name"
              submitLabel="Rename"
              initialName={item().name}
              testId="rename"
              onSubmit={(name) => rename(item(), name)}
              onClose={() => setDialog(null)}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
}
