import type { AlbumDetail, AlbumRole } from "@hearth/contract";
import { createResource, createSignal, For, Show } from "solid-js";
import { albumsApi } from "../../api/albums";
import { Dialog } from "../../components/Dialog";
import { ShareDialog } from "../../components/ShareDialog";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();

/**
 * Sharing an album: household members as viewers (they see it) or contributors (they also add
 * their own photos); then, for people outside Hearth, a public link (the Drive link options).
 */
export function AlbumShareDialog(props: {
  album: AlbumDetail;
  onChanged(album: AlbumDetail): void;
  onClose(): void;
  onCopied(message: string): void;
}) {
  const [people] = createResource(async () => (await albumsApi.people()).people);
  const [adding, setAdding] = createSignal("");
  const [role, setRole] = createSignal<AlbumRole>("contributor");
  const [error, setError] = createSignal("");
  const [linking, setLinking] = createSignal(false);
  const candidates = () => (people() ?? []).filter((p) => !props.album.members.some((m) => m.id === p.id));

  async function run(work: () => Promise<AlbumDetail | void>) {
    setError("");
    try {
      const changed = await work();
      if (changed) props.onChanged(changed);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Show
      when={!linking()}
      fallback={
        <ShareDialog
          target={{ kind: "album", albumId: props.album.id, name: props.album.name }}
          onClose={props.onClose}
          onCopied={props.onCopied}
        />
      }
    >
      <Dialog
        title={`Share “${props.album.name}”`}
        id="album-share"
        testId="album-share-dialog"
        wide
        onClose={props.onClose}
        onSubmit={() =>
          adding() &&
          void run(async () => {
            const album = await albumsApi.setMember(props.album.id, adding(), role());
            setAdding("");
            return album;
          })
        }
      >
        <p class="dialog__text">
          People in your household see it under “Shared with me”. Contributors add their own photos and remove only
          those.
        </p>
        <div class="album-members__add">
          <select
            class="input"
            aria-label="Person"
            value={adding()}
            onChange={(event) => setAdding(event.currentTarget.value)}
            data-testid="album-share-person"
          >
            <option value="">{candidates().length ? "Choose someone…" : "Everyone is in already"}</option>
            <For each={candidates()}>{(person) => <option value={person.id}>{person.name}</option>}</For>
          </select>
          <select
            class="input"
            aria-label="Role"
            value={role()}
            onChange={(event) => setRole(event.currentTarget.value as AlbumRole)}
            data-testid="album-share-role"
          >
            <option value="contributor">Can add photos</option>
            <option value="viewer">Can view</option>
          </select>
          <button type="submit" class="button button--primary" disabled={!adding()} data-testid="album-share-add">
            Share
          </button>
        </div>
        <ul class="album-members" aria-label="People in this album">
          <li class="album-member">
            <span class="avatar">{initials(props.album.owner.name)}</span>
            <span class="album-member__name">{props.album.owner.name}</span>
            <span class="muted">Owner</span>
          </li>
          <For each={props.album.members}>
            {(member) => (
              <li class="album-member" data-testid="album-member" data-member-name={member.name}>
                <span class="avatar">{initials(member.name)}</span>
                <span class="album-member__name">{member.name}</span>
                <select
                  class="input"
                  aria-label={`${member.name}'s role`}
                  value={member.role}
                  onChange={(event) =>
                    void run(() =>
                      albumsApi.setMember(props.album.id, member.id, event.currentTarget.value as AlbumRole),
                    )
                  }
                >
                  <option value="contributor">Can add photos</option>
                  <option value="viewer">Can view</option>
                </select>
                <button
                  type="button"
                  class="button button--quiet button--danger"
                  onClick={() =>
                    void run(async () => {
                      await albumsApi.removeMember(props.album.id, member.id);
                      return { ...props.album, members: props.album.members.filter((m) => m.id !== member.id) };
                    })
                  }
                >
                  Remove
                </button>
              </li>
            )}
          </For>
        </ul>
        <p class="form-error" role="alert">
          {error()}
        </p>
        <div class="dialog__actions">
          <button type="button" class="button" onClick={() => setLinking(true)} data-testid="album-public-link">
            Public link…
          </button>
          <button type="button" class="button button--primary" onClick={() => props.onClose()}>
            Done
          </button>
        </div>
      </Dialog>
    </Show>
  );
}
