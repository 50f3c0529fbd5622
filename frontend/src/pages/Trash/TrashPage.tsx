import type { FileItem } from "@hearth/contract";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FileThumb } from "../../components/FileThumb";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { formatBytes, formatDateTime, formatRelative } from "../../format";
import { createTrash } from "../../stores/createTrash";
import "../Drive/DrivePage.css";
import "./TrashPage.css";

type Confirming = { kind: "delete"; item: FileItem } | { kind: "empty" } | null;

/** "/Photos/2024" → "My Drive › Photos › 2024". */
const locationLabel = (path: string | undefined) =>
  ["My Drive", ...(path ?? "/").split("/").filter(Boolean)].join(" › ");

/** What was trashed, from where and when: restore it, or delete it for good. */
export function TrashPage() {
  const { hub, toasts } = useWorkspace();
  const trash = createTrash(hub);
  const [confirming, setConfirming] = createSignal<Confirming>(null);
  const [busy, setBusy] = createSignal<Record<string, boolean>>({});
  document.title = "Trash – Hearth";

  const deleting = () => {
    const open = confirming();
    return open?.kind === "delete" ? open.item : undefined;
  };

  async function restore(item: FileItem) {
    setBusy((state) => ({ ...state, [item.id]: true }));
    try {
      await trash.restore(item);
      toasts.info(`“${item.name}” is back in ${locationLabel(item.originalPath)}`);
    } catch (error) {
      toasts.error(error);
    } finally {
      setBusy(({ [item.id]: _, ...rest }) => rest);
    }
  }

  return (
    <section class="drive trash" aria-labelledby="trash-title">
      <div class="page-header drive__header">
        <h1 id="trash-title" class="drive__heading">
          <Icon name="trash" />
          <span>Trash</span>
        </h1>
        <button
          type="button"
          class="button button--danger"
          disabled={trash.items().length === 0}
          onClick={() => setConfirming({ kind: "empty" })}
          data-testid="trash-empty"
        >
          <Icon name="trash" />
          <span>Empty trash</span>
        </button>
      </div>
      <p class="trash__note" data-testid="trash-note">
        <Icon name="info" />
        <span>Items are deleted for good after 30 days. They still count towards your storage until then.</span>
      </p>

      <Switch>
        <Match when={trash.error() && trash.items().length === 0}>
          <div class="empty-state" role="alert">
            <p>{trash.error()}</p>
            <button type="button" class="button" onClick={() => void trash.reload()}>
              Try again
            </button>
          </div>
        </Match>
        <Match when={trash.loading() && trash.items().length === 0}>
          <div class="empty-state">
            <Spinner label="Loading trash…" />
          </div>
        </Match>
        <Match when={trash.items().length === 0}>
          <div class="empty-state" data-testid="trash-empty-state">
            <Icon name="trash" class="empty-state__icon" />
            <p>The trash is empty.</p>
          </div>
        </Match>
        <Match when={true}>
          <div class="trash-list" role="table" aria-label="Items in the trash">
            <div class="trash-row trash-row--head" role="row">
              <span role="columnheader" />
              <span role="columnheader">Name</span>
              <span role="columnheader" class="trash-row__from">
                Original location
              </span>
              <span role="columnheader" class="trash-row__when">
                Trashed
              </span>
              <span role="columnheader" class="trash-row__size">
                Size
              </span>
              <span role="columnheader">
                <span class="visually-hidden">Actions</span>
              </span>
            </div>
            <For each={trash.items()}>
              {(item) => (
                <div class="trash-row" role="row" data-testid="trash-row" data-name={item.name} data-file-id={item.id}>
                  <span role="cell">
                    <FileThumb item={item} />
                  </span>
                  <span role="cell" class="trash-row__name" title={item.name}>
                    {item.name}
                  </span>
                  <span
                    role="cell"
                    class="trash-row__from"
                    title={locationLabel(item.originalPath)}
                    data-testid="trash-origin"
                  >
                    {locationLabel(item.originalPath)}
                  </span>
                  <span role="cell" class="trash-row__when">
                    <time datetime={item.trashedAt} title={formatDateTime(item.trashedAt ?? "")}>
                      {formatRelative(item.trashedAt ?? "")}
                    </time>
                  </span>
                  <span role="cell" class="trash-row__size">
                    {item.kind === "folder" ? "—" : formatBytes(item.size)}
                  </span>
                  <span role="cell" class="trash-row__actions">
                    <button
                      type="button"
                      class="button button--quiet"
                      disabled={busy()[item.id]}
                      onClick={() => void restore(item)}
                      data-testid="trash-restore"
                      aria-label={`Restore ${item.name}`}
                    >
                      <Icon name="restore" />
                      <span class="trash-row__label">Restore</span>
                    </button>
                    <button
                      type="button"
                      class="button button--quiet button--danger"
                      onClick={() => setConfirming({ kind: "delete", item })}
                      data-testid="trash-delete"
                      aria-label={`Delete ${item.name} forever`}
                    >
                      <Icon name="close" />
                      <span class="trash-row__label">Delete forever</span>
                    </button>
                  </span>
                </div>
              )}
            </For>
          </div>
        </Match>
      </Switch>

      <Show when={deleting()}>
        {(item) => (
          <ConfirmDialog
            title={`Delete “${item().name}” forever?`}
            confirmLabel="Delete forever"
            danger
            onConfirm={async () => {
              await trash.deleteForever(item());
              toasts.info(`“${item().name}” was deleted`);
            }}
            onClose={() => setConfirming(null)}
          >
            <p>
              {item().kind === "folder" ? "The folder and everything in it" : "The file"} will be gone for good. This
              can't be undone.
            </p>
          </ConfirmDialog>
        )}
      </Show>
      <Show when={confirming()?.kind === "empty"}>
        <ConfirmDialog
          title="Empty the trash?"
          confirmLabel="Delete everything forever"
          danger
          onConfirm={async () => {
            const deleted = await trash.empty();
            toasts.info(`${deleted} ${deleted === 1 ? "item" : "items"} deleted for good`);
          }}
          onClose={() => setConfirming(null)}
        >
          <p>
            All {trash.items().length} {trash.items().length === 1 ? "item" : "items"} in the trash will be deleted for
            good. This can't be undone.
          </p>
        </ConfirmDialog>
      </Show>
    </section>
  );
}
