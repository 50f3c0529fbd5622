import type { HearthEvent, PartnerShare, ReceivedPartnerShare } from "@hearth/contract";
import { A } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { albumsApi } from "../../api/albums";
import { partnersApi } from "../../api/partners";
import { Icon } from "../../components/Icon";
import { MoveDialog } from "../../components/MoveDialog";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import "./Partners.css";

const dateOf = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

/** What a share covers, in words: "Everything", "From 1 June 2021", "Trip, Home", both. */
function reach(share: PartnerShare): string {
  const parts: string[] = [];
  if (share.folders) {
    const names = share.folders.map((f) => (f.trashed ? `${f.name} (in the trash)` : f.name));
    parts.push(names.length ? `Only ${names.join(", ")}` : "Only folders that no longer exist: nothing");
  }
  if (share.from) parts.push(`${share.folders ? "from" : "From"} ${dateOf(share.from)}`);
  return parts.length ? parts.join(", ") : "All photos and videos";
}

/**
 * Photos → Sharing: partner sharing both ways. Share your library with a household member (from
 * a date, optionally only some folders), and see who shares theirs with you: view their photos
 * apart, show them in your own timeline, or stop either side.
 */
export function SharingPage() {
  const { hub, toasts } = useWorkspace();
  const [partners, { refetch }] = createResource(() => partnersApi.list());
  const [people] = createResource(async () => (await albumsApi.people()).people);
  const [person, setPerson] = createSignal("");
  const [from, setFrom] = createSignal("");
  const [folders, setFolders] = createSignal<{ id: string; name: string }[]>([]);
  const [picking, setPicking] = createSignal(false);
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  hub.listen((event: HearthEvent) => {
    if (event.type === "partners.changed") void refetch();
  });
  hub.onResync(() => void refetch());
  document.title = "Sharing – Hearth";

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await refetch();
    } catch (err) {
      toasts.error(err instanceof Error ? err.message : String(err));
    }
  };

  async function share(event: SubmitEvent) {
    event.preventDefault();
    if (!person()) return;
    setBusy(true);
    setError("");
    try {
      const shared = await partnersApi.share(person(), {
        from: from() || null,
        folderIds: folders().length ? folders().map((f) => f.id) : null,
      });
      toasts.info(`Your photos are shared with ${shared.user.name}`);
      setPerson("");
      setFrom("");
      setFolders([]);
      await refetch();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="sharing" aria-labelledby="sharing-title">
      <div class="page-header">
        <h1 id="sharing-title" class="page-header__title">
          Sharing
        </h1>
        <div class="page-header__actions">
          <A class="button" href="/photos">
            Timeline
          </A>
        </div>
      </div>
      <div class="sharing__grid">
        <section class="card" aria-labelledby="share-new-title">
          <h2 id="share-new-title" class="card__title">
            Share your photos with a partner
          </h2>
          <p class="muted">
            They see your photos and videos (never archived or trashed ones) on their own page, or in their timeline if
            they choose. Either of you can stop it at any time.
          </p>
          <form class="sharing__form" onSubmit={share} data-testid="partner-share-form">
            <label class="field">
              <span class="field__label">With</span>
              <select
                class="input"
                value={person()}
                onChange={(event) => setPerson(event.currentTarget.value)}
                data-testid="partner-person"
              >
                <option value="">{people()?.length === 0 ? "No one else in the household" : "Choose someone…"}</option>
                <For each={people()}>{(p) => <option value={p.id}>{p.name}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span class="field__label">Photos taken from (optional)</span>
              <input
                class="input"
                type="date"
                value={from()}
                onInput={(event) => setFrom(event.currentTarget.value)}
                data-testid="partner-from"
              />
              <span class="field__hint">Leave empty to share every photo, however old.</span>
            </label>
            <div class="field">
              <span class="field__label">Only these folders (optional)</span>
              <ul class="sharing__folders" aria-label="Chosen folders">
                <For each={folders()} fallback={<li class="muted">Your whole library</li>}>
                  {(folder) => (
                    <li class="sharing__folder" data-testid="partner-folder">
                      <Icon name="folder" />
                      <span>{folder.name}</span>
                      <button
                        type="button"
                        class="icon-button icon-button--small"
                        aria-label={`Remove ${folder.name}`}
                        onClick={() => setFolders(folders().filter((f) => f.id !== folder.id))}
                      >
                        <Icon name="close" />
                      </button>
                    </li>
                  )}
                </For>
              </ul>
              <button type="button" class="button" onClick={() => setPicking(true)} data-testid="partner-add-folder">
                <Icon name="folder" /> Choose a folder…
              </button>
              <span class="field__hint">Photos in its subfolders are shared too.</span>
            </div>
            <p class="form-error" role="alert">
              {error()}
            </p>
            <div class="form-actions">
              <button
                type="submit"
                class="button button--primary"
                disabled={!person() || busy()}
                data-testid="partner-share"
              >
                <Icon name="share" /> Share
              </button>
            </div>
          </form>
        </section>
        <Switch>
          <Match when={partners.error}>
            <div class="empty-state" role="alert">
              <p>{String(partners.error?.message ?? partners.error)}</p>
            </div>
          </Match>
          <Match when={!partners()}>
            <div class="empty-state">
              <Spinner label="Loading…" />
            </div>
          </Match>
          <Match when={partners()}>
            {(current) => (
              <>
                <section class="card" aria-labelledby="shared-by-me-title">
                  <h2 id="shared-by-me-title" class="card__title">
                    You share with
                  </h2>
                  <ul class="sharing__list" data-testid="shared-by-me">
                    <For each={current().sharedByMe} fallback={<li class="muted">No one yet.</li>}>
                      {(share) => (
                        <GivenShare share={share} onStop={() => act(() => partnersApi.stop(share.user.id, "given"))} />
                      )}
                    </For>
                  </ul>
                </section>
                <section class="card" aria-labelledby="shared-with-me-title">
                  <h2 id="shared-with-me-title" class="card__title">
                    Shared with you
                  </h2>
                  <ul class="sharing__list" data-testid="shared-with-me">
                    <For
                      each={current().sharedWithMe}
                      fallback={<li class="muted">No one shares their photos with you.</li>}
                    >
                      {(share) => (
                        <ReceivedShare
                          share={share}
                          onShowInTimeline={(show) => act(() => partnersApi.setShowInTimeline(share.user.id, show))}
                          onStop={() => act(() => partnersApi.stop(share.user.id, "received"))}
                        />
                      )}
                    </For>
                  </ul>
                </section>
              </>
            )}
          </Match>
        </Switch>
      </div>
      <Show when={picking()}>
        <MoveDialog
          items={[]}
          startFolderId={null}
          verb="Copy"
          title="Choose a folder to share"
          submitLabel="Choose this folder"
          onClose={() => setPicking(false)}
          onSubmit={async (folderId, folderName) => {
            if (folderId === null) throw new Error("Choose a folder; to share everything, choose none.");
            if (!folders().some((f) => f.id === folderId))
              setFolders([...folders(), { id: folderId, name: folderName }]);
          }}
        />
      </Show>
    </section>
  );
}

function GivenShare(props: { share: PartnerShare; onStop(): void }) {
  return (
    <li class="sharing__item" data-testid="partner-given" data-partner-name={props.share.user.name}>
      <span class="avatar">{props.share.user.name.slice(0, 1).toUpperCase()}</span>
      <div class="sharing__who">
        <strong>{props.share.user.name}</strong>
        <span class="muted">{reach(props.share)}</span>
      </div>
      <button
        type="button"
        class="button button--quiet button--danger"
        onClick={() => props.onStop()}
        data-testid="partner-stop"
      >
        Stop sharing
      </button>
    </li>
  );
}

function ReceivedShare(props: { share: ReceivedPartnerShare; onShowInTimeline(show: boolean): void; onStop(): void }) {
  return (
    <li class="sharing__item" data-testid="partner-received" data-partner-name={props.share.user.name}>
      <span class="avatar">{props.share.user.name.slice(0, 1).toUpperCase()}</span>
      <div class="sharing__who">
        <strong>{props.share.user.name}</strong>
        <span class="muted">{reach(props.share)}</span>
        <label class="sharing__toggle">
          <input
            type="checkbox"
            checked={props.share.showInTimeline}
            onChange={(event) => props.onShowInTimeline(event.currentTarget.checked)}
            data-testid="partner-show-in-timeline"
          />
          Show in my timeline
        </label>
      </div>
      <A class="button" href={`/photos/partners/${encodeURIComponent(props.share.user.id)}`} data-testid="partner-view">
        View photos
      </A>
      <button
        type="button"
        class="button button--quiet button--danger"
        onClick={() => props.onStop()}
        data-testid="partner-stop"
      >
        Stop
      </button>
    </li>
  );
}
