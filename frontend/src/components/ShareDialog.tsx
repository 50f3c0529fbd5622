import type { FileItem, Share } from "@hearth/contract";
import { createResource, createSignal, For, Show } from "solid-js";
import { sharesApi } from "../api/shares";
import { formatDateTime } from "../format";
import { Dialog } from "./Dialog";
import { Icon } from "./Icon";
import { Spinner } from "./Spinner";
import "./ShareDialog.css";

/** Copies text, also where the Clipboard API is missing (plain http on the home network). */
export async function copyText(text: string, fallbackField?: HTMLTextAreaElement | HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallbackField) return false;
    fallbackField.select();
    return document.execCommand("copy");
  }
}

/** The end of the chosen day, local time: "until 3 May" includes 3 May. */
const endOfDay = (date: string) => new Date(`${date}T23:59:59`).toISOString();
const tomorrow = () => {
  const date = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

/** What a link shows: a file or folder, an album, or a selection of photos. */
export type ShareTarget =
  | { kind: "item"; item: FileItem }
  | { kind: "album"; albumId: string; name: string }
  | { kind: "selection"; fileIds: string[] };

const titleOf = (target: ShareTarget) =>
  target.kind === "item"
    ? `Share “${target.item.name}”`
    : target.kind === "album"
      ? `Link to “${target.name}”`
      : `Share ${target.fileIds.length} ${target.fileIds.length === 1 ? "photo" : "photos"}`;

const reachOf = (target: ShareTarget) =>
  target.kind === "item"
    ? target.item.kind === "folder"
      ? "this folder and everything in it"
      : "this file"
    : target.kind === "album"
      ? "this album as it is now and as it grows"
      : "these photos";

/**
 * Links to one file or folder, an album or a selection of photos: make one (optionally expiring,
 * with a password, view-only), and see, copy or turn off the ones that exist. `embedded` leaves
 * out the dialog frame (the album's share dialog holds it as a section).
 */
export function ShareDialog(props: {
  item?: FileItem;
  target?: ShareTarget;
  onClose(): void;
  onCopied(message: string): void;
}) {
  const target = (): ShareTarget => props.target ?? { kind: "item", item: props.item! };
  const [expires, setExpires] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [allowDownload, setAllowDownload] = createSignal(true);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const [fresh, setFresh] = createSignal<string | null>(null);
  const [shares, { mutate }] = createResource(target, async (current) =>
    current.kind === "item"
      ? (await sharesApi.forFile(current.item.id)).shares
      : current.kind === "album"
        ? (await sharesApi.forAlbum(current.albumId)).shares
        : // A selection's earlier links are not found again by its photos: only the new one shows.
          [],
  );

  async function create() {
    setBusy(true);
    setError("");
    try {
      const current = target();
      const share = await sharesApi.create({
        ...(current.kind === "item"
          ? { fileId: current.item.id }
          : current.kind === "album"
            ? { albumId: current.albumId }
            : { fileIds: current.fileIds }),
        expiresAt: expires() ? endOfDay(expires()) : null,
        password: password() || null,
        allowDownload: allowDownload(),
      });
      mutate((list) => [share, ...(list ?? [])]);
      setFresh(share.id);
      setPassword("");
      if (await copyText(share.url)) props.onCopied("Link created and copied");
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(share: Share) {
    setError("");
    try {
      await sharesApi.revoke(share.id);
      mutate((list) => list?.filter((other) => other.id !== share.id));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Dialog title={titleOf(target())} id="share" testId="share-dialog" wide onClose={props.onClose} onSubmit={create}>
      <p class="dialog__text">Anyone with the link can open {reachOf(target())} — no account needed.</p>
      <div class="share-form">
        <label class="field">
          <span class="field__label">Expires (optional)</span>
          <input
            class="input"
            type="date"
            min={tomorrow()}
            value={expires()}
            onInput={(event) => setExpires(event.currentTarget.value)}
            data-testid="share-expiry"
          />
        </label>
        <label class="field">
          <span class="field__label">Password (optional)</span>
          <input
            class="input"
            type="password"
            autocomplete="new-password"
            value={password()}
            onInput={(event) => setPassword(event.currentTarget.value)}
            data-testid="share-password"
          />
        </label>
        <label class="checkbox-field share-form__download">
          <input
            type="checkbox"
            checked={allowDownload()}
            onChange={(event) => setAllowDownload(event.currentTarget.checked)}
            data-testid="share-allow-download"
          />
          <span class="checkbox-field__text">
            <span>Allow download</span>
            <span class="field__hint">Off: people can look, but not save the files.</span>
          </span>
        </label>
      </div>
      <p class="form-error" role="alert">
        {error()}
      </p>
      <div class="dialog__actions">
        <button type="button" class="button" onClick={() => props.onClose()}>
          Done
        </button>
        <button type="submit" class="button button--primary" disabled={busy()} data-testid="share-create">
          <Icon name="link" />
          <span>Create link</span>
        </button>
      </div>
      <section class="share-links" aria-label="Links to this item">
        <Show when={!shares.loading} fallback={<Spinner label="Loading links…" />}>
          <Show when={shares()?.length} fallback={<p class="muted">No links yet.</p>}>
            <h3 class="share-links__title">Links</h3>
            <ul class="share-links__list">
              <For each={shares()}>
                {(share) => (
                  <ShareRow
                    share={share}
                    fresh={fresh() === share.id}
                    onRevoke={() => void revoke(share)}
                    onCopied={props.onCopied}
                  />
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </section>
    </Dialog>
  );
}

function ShareRow(props: { share: Share; fresh: boolean; onRevoke(): void; onCopied(message: string): void }) {
  let field!: HTMLTextAreaElement;
  const expired = () => props.share.expiresAt !== null && Date.parse(props.share.expiresAt) <= Date.now();
  return (
    <li class="share-link" classList={{ "share-link--fresh": props.fresh }} data-testid="share-link">
      <div class="share-link__url">
        {/* A textarea: its text is the URL (readable as text) and it is a form field (readable as a value). */}
        <textarea
          ref={field}
          class="input share-link__field"
          rows="1"
          wrap="off"
          readonly
          data-testid="share-url"
          aria-label="Link"
        >
          {props.share.url}
        </textarea>
        <button
          type="button"
          class="button"
          data-testid="share-copy"
          onClick={async () => {
            if (await copyText(props.share.url, field)) props.onCopied("Link copied");
          }}
        >
          <Icon name="copy" />
          <span>Copy</span>
        </button>
        <button type="button" class="button button--danger" data-testid="share-revoke" onClick={() => props.onRevoke()}>
          Turn off
        </button>
      </div>
      <p class="share-link__facts">
        <span data-testid="share-opens">
          Opened {props.share.opens} {props.share.opens === 1 ? "time" : "times"}
        </span>
        <span>
          {props.share.expiresAt
            ? `${expired() ? "Expired" : "Expires"} ${formatDateTime(props.share.expiresAt)}`
            : "Never expires"}
        </span>
        <Show when={props.share.hasPassword}>
          <span class="badge">
            <Icon name="lock" /> Password
          </span>
        </Show>
        <span class="badge" classList={{ "badge--accent": !props.share.allowDownload }}>
          {props.share.allowDownload ? "Can download" : "View only"}
        </span>
      </p>
    </li>
  );
}
