import type { FileItem } from "@hearth/contract";
import { A, useParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, Match, onMount, Show, Switch } from "solid-js";
import { Breadcrumbs } from "../../components/Breadcrumbs";
import type { ContextMenuItem } from "../../components/ContextMenu";
import { Icon } from "../../components/Icon";
import { NameDialog } from "../../components/NameDialog";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { createFolderListing } from "../../stores/createFolderListing";
import type { Crumb } from "../../stores/folderNames";
import { folderSort, sortBy } from "../../stores/viewPrefs";
import { driveApi } from "../../api/drive";
import { createFileDrop, sourcesFromPicker } from "./createFileDrop";
import { FileBrowser } from "./FileBrowser";
import "./DrivePage.css";

/** My Drive and its folders: the file manager with uploads (files and whole folders). */
export function DrivePage() {
  const params = useParams<{ folderId?: string }>();
  const folderId = () => params.folderId || null;
  const { hub, uploads, toasts } = useWorkspace();
  const listing = createFolderListing(folderId, folderSort, hub);
  const [creatingFolder, setCreatingFolder] = createSignal(false);
  let fileInput!: HTMLInputElement;
  let folderInput!: HTMLInputElement;

  const path = createMemo<Crumb[]>(() => [{ id: null, name: "My Drive" }, ...listing.path()]);
  const title = () =>
    folderId() ? (listing.folder()?.name ?? path()[path().length - 1]?.name ?? "Folder") : "My Drive";

  createEffect(() => {
    document.title = `${title()} – Hearth`;
  });

  onMount(() => {
    // Not in Solid's JSX types; the property is what browsers read.
    folderInput.webkitdirectory = true;
  });

  const drop = createFileDrop({
    onDrop: (dropped, targetId) => uploads.add(dropped.files, targetId ?? folderId(), dropped.emptyDirs),
    onError: toasts.error,
  });

  function pick(event: Event & { currentTarget: HTMLInputElement }) {
    const input = event.currentTarget;
    if (input.files?.length) uploads.add(sourcesFromPicker(input.files), folderId());
    input.value = "";
  }

  const backgroundMenu = (): ContextMenuItem[] => [
    { label: "New folder…", icon: "newFolder", testId: "menu-new-folder", onSelect: () => setCreatingFolder(true) },
    { label: "Upload files…", icon: "upload", testId: "menu-upload-files", onSelect: () => fileInput.click() },
    {
      label: "Upload folder…",
      icon: "folderUpload",
      testId: "menu-upload-folder",
      onSelect: () => folderInput.click(),
    },
  ];

  const overFolderName = () => {
    const id = drop.overFolder();
    return id ? listing.items().find((item: FileItem) => item.id === id)?.name : undefined;
  };

  return (
    <section class="drive" classList={{ "drive--dragging": drop.dragging() }} aria-labelledby="drive-title">
      <div class="page-header drive__header">
        <div id="drive-title" class="page-header__title">
          <Breadcrumbs path={path()} droppable />
        </div>
        <div class="toolbar">
          <button type="button" class="button" data-testid="new-folder" onClick={() => setCreatingFolder(true)}>
            <Icon name="newFolder" />
            <span class="toolbar__label">New folder</span>
          </button>
          <button type="button" class="button" data-testid="upload-folder-button" onClick={() => folderInput.click()}>
            <Icon name="folderUpload" />
            <span class="toolbar__label">Upload folder</span>
          </button>
          <button
            type="button"
            class="button button--primary"
            data-testid="upload-button"
            onClick={() => fileInput.click()}
          >
            <Icon name="upload" />
            <span class="toolbar__label">Upload</span>
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            class="visually-hidden"
            tabindex="-1"
            aria-label="Choose files to upload"
            data-testid="upload-input"
            onChange={pick}
          />
          <input
            ref={folderInput}
            type="file"
            multiple
            class="visually-hidden"
            tabindex="-1"
            aria-label="Choose a folder to upload"
            data-testid="upload-folder-input"
            onChange={pick}
          />
        </div>
      </div>

      <Switch>
        <Match when={listing.gone()}>
          <div class="empty-state" role="alert" data-testid="folder-gone">
            <Icon name="trash" class="empty-state__icon" />
            <p>This folder was moved to the trash.</p>
            <p>
              <A href="/drive" class="button">
                Go to My Drive
              </A>{" "}
              <A href="/trash" class="button button--quiet">
                Open Trash
              </A>
            </p>
          </div>
        </Match>
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
        <Match when={true}>
          <FileBrowser
            items={listing.items()}
            view={listing}
            folderId={folderId()}
            title={title()}
            sort={folderSort()}
            onSort={sortBy}
            backgroundMenu={backgroundMenu}
            externalDropTarget={drop.overFolder}
            empty={
              <Show
                when={!listing.loading()}
                fallback={
                  <div class="empty-state">
                    <Spinner label="Loading folder…" />
                  </div>
                }
              >
                <div class="empty-state" data-testid="empty-folder">
                  <Icon name="upload" class="empty-state__icon" />
                  <p>This folder is empty.</p>
                  <p class="muted">Drop files or folders anywhere on this page, or use Upload.</p>
                </div>
              </Show>
            }
          />
        </Match>
      </Switch>

      <Show when={drop.dragging()}>
        <div class="drop-overlay" classList={{ "drop-overlay--folder": !!drop.overFolder() }} aria-hidden="true">
          <div class="drop-overlay__card">
            <Icon name="upload" />
            <p>Drop to upload to “{overFolderName() ?? title()}”</p>
          </div>
        </div>
      </Show>

      <Show when={creatingFolder()}>
        <NameDialog
          title="New folder"
          label="Folder name"
          submitLabel="Create"
          initialName="Untitled folder"
          testId="new-folder"
          onSubmit={async (name) => {
            const folder = await driveApi.createFolder({ parentId: folderId(), name, onConflict: "fail" });
            listing.upsert(folder);
          }}
          onClose={() => setCreatingFolder(false)}
        />
      </Show>
    </section>
  );
}
