import type { FileItem, PathStep } from "@hearth/contract";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { driveApi } from "../api/drive";
import { compareNames } from "../stores/fileOrder";
import { Dialog } from "./Dialog";
import { Icon } from "./Icon";
import { Spinner } from "./Spinner";
import "./MoveDialog.css";

interface MoveDialogProps {
  items: FileItem[];
  /** Where the picker opens: the folder the items are in. */
  startFolderId: string | null;
  /** Moves (or copies) into the chosen folder; a thrown error is shown here. */
  onSubmit(folderId: string | null, folderName: string): Promise<void>;
  onClose(): void;
  verb?: "Move" | "Copy";
  /** For picking a folder for something else (partner sharing): the dialog's title and button. */
  title?: string;
  submitLabel?: string;
}

/**
 * A folder picker: browse from the folder the items are in, pick a folder by clicking it (or
 * open it with a double-click or its arrow), and move there. The items' own folders cannot be
 * picked: nothing moves into itself.
 */
export function MoveDialog(props: MoveDialogProps) {
  const verb = () => props.verb ?? "Move";
  const [browsing, setBrowsing] = createSignal<string | null>(props.startFolderId);
  const [picked, setPicked] = createSignal<FileItem | null>(null);
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const moving = new Set(props.items.map((item) => item.id));

  const [listing] = createResource(
    () => ({ id: browsing() }),
    async ({ id }) => {
      const response = await driveApi.listFolder(id);
      return {
        path: response.path,
        folders: response.items.filter((item) => item.kind === "folder").sort((a, b) => compareNames(a.name, b.name)),
      };
    },
  );

  const trail = (): (PathStep | { id: null; name: string })[] => [
    { id: null, name: "My Drive" },
    ...(listing()?.path ?? []),
  ];
  const here = () => trail()[trail().length - 1]!;
  const target = () => picked() ?? { id: here().id, name: here().name };
  const alreadyThere = () => props.items.every((item) => (item.parentId ?? null) === target().id);

  const open = (id: string | null) => {
    setPicked(null);
    setBrowsing(id);
  };

  async function submit() {
    if (verb() === "Move" && alreadyThere()) return;
    setBusy(true);
    setError("");
    try {
      await props.onSubmit(target().id, target().name);
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  const title = () =>
    props.title ??
    `${verb()} ${props.items.length === 1 ? `“${props.items[0]!.name}”` : `${props.items.length} items`}`;

  return (
    <Dialog title={title()} id="move" testId="move-dialog" wide onClose={props.onClose} onSubmit={submit}>
      <nav class="move-trail" aria-label="Folder being browsed">
        <For each={trail()}>
          {(step, index) => (
            <>
              <Show when={index() > 0}>
                <Icon name="chevron" class="move-trail__sep" />
              </Show>
              <button
                type="button"
                class="move-trail__step"
                aria-current={index() === trail().length - 1 ? "location" : undefined}
                data-testid="move-crumb"
                data-id={step.id ?? "root"}
                onClick={() => open(step.id)}
              >
                {step.name}
              </button>
            </>
          )}
        </For>
      </nav>
      <div class="move-list" role="listbox" aria-label="Folders">
        <Switch>
          <Match when={listing.loading}>
            <div class="move-list__empty">
              <Spinner label="Loading folders…" />
            </div>
          </Match>
          <Match when={listing.error}>
            <p class="move-list__empty form-error">Couldn't load this folder.</p>
          </Match>
          <Match when={listing()?.folders.length === 0}>
            <p class="move-list__empty muted">No folders in here.</p>
          </Match>
          <Match when={true}>
            <For each={listing()?.folders}>
              {(folder) => (
                <div class="move-list__row" classList={{ "move-list__row--picked": picked()?.id === folder.id }}>
                  <button
                    type="button"
                    role="option"
                    class="move-list__pick"
                    aria-selected={picked()?.id === folder.id}
                    disabled={moving.has(folder.id)}
                    data-testid="move-target"
                    data-id={folder.id}
                    data-name={folder.name}
                    onClick={() => setPicked(picked()?.id === folder.id ? null : folder)}
                    onDblClick={() => open(folder.id)}
                  >
                    <Icon name="folder" />
                    <span>{folder.name}</span>
                  </button>
                  <button
                    type="button"
                    class="icon-button icon-button--small"
                    aria-label={`Open ${folder.name}`}
                    disabled={moving.has(folder.id)}
                    onClick={() => open(folder.id)}
                  >
                    <Icon name="chevron" />
                  </button>
                </div>
              )}
            </For>
          </Match>
        </Switch>
      </div>
      <p class="form-error" role="alert">
        {error()}
      </p>
      <div class="dialog__actions">
        <span class="move-dialog__where muted">
          <Show when={verb() === "Move" && alreadyThere()} fallback={<>To “{target().name}”</>}>
            Already in “{target().name}”
          </Show>
        </span>
        <button type="button" class="button" onClick={() => props.onClose()}>
          Cancel
        </button>
        <button
          type="submit"
          class="button button--primary"
          disabled={busy() || (verb() === "Move" && alreadyThere())}
          data-testid="move-submit"
        >
          {props.submitLabel ?? `${verb()} here`}
        </button>
      </div>
    </Dialog>
  );
}
