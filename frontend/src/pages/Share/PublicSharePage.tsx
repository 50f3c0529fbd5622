import type { PublicItemShare, PublicShareResponse } from "@hearth/contract";
import { useParams } from "@solidjs/router";
import { createResource, createSignal, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api/client";
import { publicShareApi, sharedContent } from "../../api/shares";
import { FileDetails, PreviewContent } from "../../components/PreviewContent";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { formatBytes, formatDateTime } from "../../format";
import { PublicFolder } from "./PublicFolder";
import { PublicPhotos } from "./PublicPhotos";
import "./PublicSharePage.css";

type Opened =
  { share: PublicShareResponse } | { problem: "password" | "expired" | "missing" | "other"; message: string };

/**
 * What someone with a share link sees: no app, no account. A password form when the link has
 * one, then the shared file (preview and download) or folder (browsable inside it only).
 */
export function PublicSharePage() {
  const params = useParams<{ token: string }>();
  const [opened, { refetch }] = createResource(
    () => params.token,
    async (token): Promise<Opened> => {
      try {
        const share = await publicShareApi.open(token);
        document.title = `${share.kind === "item" ? share.item.name : share.title} – shared with Hearth`;
        return { share };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!(error instanceof ApiError)) return { problem: "other", message };
        if (error.code === "password_required") return { problem: "password", message };
        if (error.status === 410) return { problem: "expired", message };
        if (error.status === 404) return { problem: "missing", message };
        return { problem: "other", message };
      }
    },
  );
  document.title = "Shared with Hearth";

  const share = () => {
    const value = opened();
    return value && "share" in value ? value.share : undefined;
  };
  const problem = () => {
    const value = opened();
    return value && "problem" in value ? value : undefined;
  };

  return (
    <div class="public">
      <header class="public__header">
        <span class="brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Hearth</span>
        </span>
        <Show when={share()}>
          {(current) => (
            <p class="public__by muted">
              Shared by {current().sharedBy}
              <Show when={current().expiresAt}>{(at) => <> · until {formatDateTime(at())}</>}</Show>
            </p>
          )}
        </Show>
      </header>
      <main class="public__main">
        <Switch>
          <Match when={opened.loading && !opened()}>
            <div class="empty-state">
              <Spinner label="Opening the link…" class="spinner--large" />
            </div>
          </Match>
          <Match when={problem()?.problem === "password"}>
            <UnlockForm token={params.token} onUnlocked={() => void refetch()} />
          </Match>
          <Match when={problem()}>
            {(value) => (
              <div class="public__message" role="alert" data-testid="public-error" data-problem={value().problem}>
                <Icon name={value().problem === "expired" ? "clock" : "link"} class="empty-state__icon" />
                <h1>
                  {value().problem === "expired"
                    ? "This link has expired"
                    : value().problem === "missing"
                      ? "This link doesn't work"
                      : "Something went wrong"}
                </h1>
                <p class="muted">
                  {value().problem === "expired"
                    ? "Ask the person who shared it for a new link."
                    : value().problem === "missing"
                      ? "It may have been turned off, or the address is not complete. Ask the person who shared it."
                      : value().message}
                </p>
              </div>
            )}
          </Match>
          <Match when={asPhotos(share())}>{(current) => <PublicPhotos token={params.token} share={current()} />}</Match>
          <Match when={asItem(share())?.item.kind === "folder" && asItem(share())}>
            {(current) => <PublicFolder token={params.token} share={current()} />}
          </Match>
          <Match when={asItem(share())}>{(current) => <PublicFile token={params.token} share={current()} />}</Match>
        </Switch>
      </main>
    </div>
  );
}

const asItem = (share: PublicShareResponse | undefined) => (share?.kind === "item" ? share : undefined);
const asPhotos = (share: PublicShareResponse | undefined) => (share && share.kind !== "item" ? share : undefined);

function UnlockForm(props: { token: string; onUnlocked(): void }) {
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!password()) return;
    setBusy(true);
    setError("");
    try {
      await publicShareApi.unlock(props.token, password());
      props.onUnlocked();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <form class="public__unlock card" onSubmit={submit} novalidate>
      <Icon name="lock" class="empty-state__icon" />
      <h1 class="card__title">This link is protected</h1>
      <p class="card__text">Enter the password you were given to open it.</p>
      <label class="field">
        <span class="field__label">Password</span>
        <input
          class="input"
          type="password"
          autocomplete="current-password"
          autofocus
          value={password()}
          onInput={(event) => setPassword(event.currentTarget.value)}
          aria-invalid={error() ? "true" : undefined}
          data-testid="public-password"
        />
      </label>
      <p class="form-error" role="alert" data-testid="public-unlock-error">
        {error()}
      </p>
      <button
        type="submit"
        class="button button--primary button--wide"
        disabled={busy() || !password()}
        data-testid="public-unlock"
      >
        Open
      </button>
    </form>
  );
}

function PublicFile(props: { token: string; share: PublicItemShare }) {
  const source = sharedContent(props.token);
  const item = () => props.share.item;
  return (
    <article class="public-file" data-testid="public-file">
      <div class="public-file__bar">
        <div class="public-file__title">
          <h1>{item().name}</h1>
          <p class="muted">
            {formatBytes(item().size)} · {formatDateTime(item().updatedAt)}
          </p>
        </div>
        <Show when={props.share.allowDownload} fallback={<span class="badge">View only</span>}>
          <a
            class="button button--primary"
            href={source.download(item().id)}
            download={item().name}
            data-testid="public-download"
          >
            <Icon name="download" />
            <span>Download</span>
          </a>
        </Show>
      </div>
      <div class="public-file__stage">
        <Show
          when={props.share.allowDownload || item().thumbnails.length > 0}
          fallback={<FileDetails item={item()} source={source} allowDownload={false} />}
        >
          <PreviewContent item={item()} source={source} allowDownload={props.share.allowDownload} />
        </Show>
      </div>
    </article>
  );
}
