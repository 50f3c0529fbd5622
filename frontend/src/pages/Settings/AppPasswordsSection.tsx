import { APP_PASSWORD_NAME_MAX, type AppPasswordInfo, type CreatedAppPassword } from "@hearth/contract";
import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { accountApi } from "../../api/account";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { TextField } from "../../components/TextField";
import { useWorkspace } from "../../context";
import { formatDateTime, formatRelative } from "../../format";
import { copyText } from "../../textExport";
import { WebDavHelp } from "./WebDavHelp";

/**
 * App passwords: one per device or app that connects over WebDAV (they cannot do two-factor).
 * A new password is shown once, with a copy button; the list shows when and by what each was last
 * used, and revoking one stops that device at once.
 */
export function AppPasswordsSection() {
  const { toasts } = useWorkspace();
  const [items, setItems] = createSignal<AppPasswordInfo[]>([]);
  const [davUrl, setDavUrl] = createSignal(`${location.origin}/dav/`);
  const [loading, setLoading] = createSignal(true);
  const [loadError, setLoadError] = createSignal("");
  const [name, setName] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [created, setCreated] = createSignal<CreatedAppPassword | null>(null);
  const [copied, setCopied] = createSignal("");
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(timer));

  async function reload() {
    try {
      const answer = await accountApi.appPasswords();
      setItems(answer.appPasswords);
      setDavUrl(answer.davUrl);
      setLoadError("");
    } catch (err) {
      setLoadError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }
  onMount(() => void reload());

  async function create(event: SubmitEvent) {
    event.preventDefault();
    const trimmed = name().trim();
    setError("");
    if (!trimmed) {
      setError("Name it after the device or app that will use it, like “Mum's phone”.");
      return;
    }
    setBusy(true);
    try {
      setCreated(await accountApi.createAppPassword(trimmed));
      setCopied("");
      setName("");
      await reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  async function copy(text: string, what: string) {
    setCopied(
      (await copyText(text))
        ? `${what} copied to the clipboard.`
        : `Couldn't copy: select the ${what.toLowerCase()} and copy it instead.`,
    );
  }

  async function revoke(item: AppPasswordInfo) {
    setItems((list) => list.filter((other) => other.id !== item.id));
    try {
      await accountApi.revokeAppPassword(item.id);
      toasts.info(`Revoked “${item.name}”`);
      if (created()?.id === item.id) setCreated(null);
    } catch (err) {
      toasts.error(err);
      await reload();
    }
  }

  return (
    <section class="card app-passwords" aria-labelledby="app-passwords-title" data-testid="app-passwords">
      <h2 id="app-passwords-title" class="card__title">
        App passwords
      </h2>
      <p class="card__text">
        Apps that connect over WebDAV — Finder, Windows Explorer, GNOME Files, rclone, phone backup apps — sign in with
        your email and an app password instead of your own password. Make one for each device, so you can revoke one
        without touching the others. They never work on this website.
      </p>
      <form class="settings__form" onSubmit={create} novalidate>
        <TextField
          label="New app password for"
          type="text"
          placeholder="e.g. Mum's phone (PhotoSync)"
          maxlength={APP_PASSWORD_NAME_MAX}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          aria-invalid={error() ? "true" : undefined}
          data-testid="app-password-name"
        />
        <p class="form-error" role="alert">
          {error()}
        </p>
        <div class="form-actions">
          <button type="submit" class="button button--primary" disabled={busy()} data-testid="app-password-create">
            Create app password
          </button>
        </div>
      </form>

      <Show when={created()}>
        {(fresh) => (
          <div class="app-password-new" data-testid="app-password-created">
            <p class="notice" role="note">
              <strong>Copy this password now: it is shown only this once.</strong> Enter it in “{fresh().name}” with
              your email as the user name.
            </p>
            <div class="app-password-new__value">
              <code data-testid="app-password-value">{fresh().password}</code>
              <button
                type="button"
                class="button"
                onClick={() => void copy(fresh().password, "Password")}
                data-testid="app-password-copy"
              >
                <Icon name="copy" />
                Copy
              </button>
              <button type="button" class="button button--quiet" onClick={() => setCreated(null)}>
                Done
              </button>
            </div>
            <span class="muted" role="status">
              {copied()}
            </span>
          </div>
        )}
      </Show>

      <Show when={loadError()}>
        <p class="form-error" role="alert">
          {loadError()}{" "}
          <button type="button" class="button button--quiet" onClick={() => void reload()}>
            Try again
          </button>
        </p>
      </Show>
      <Show when={!loading()} fallback={<Spinner label="Loading app passwords…" />}>
        <Show when={items().length > 0} fallback={<p class="muted">You have no app passwords yet.</p>}>
          <ul class="session-list" aria-label="App passwords">
            <For each={items()}>
              {(item) => (
                <li class="session-row" data-testid="app-password-row">
                  <div class="session-row__info">
                    <p class="session-row__device">
                      <span>{item.name}</span>
                    </p>
                    <p class="muted session-row__meta">
                      <Show when={item.lastUsedAt} fallback={<span>Never used</span>}>
                        {(lastUsed) => (
                          <span>
                            Last used{" "}
                            <time datetime={lastUsed()} title={formatDateTime(lastUsed())}>
                              {formatRelative(lastUsed(), now())}
                            </time>
                            <Show when={item.lastUsedClient}> by {item.lastUsedClient}</Show>
                            <Show when={item.lastUsedIp}> from {item.lastUsedIp}</Show>
                          </span>
                        )}
                      </Show>
                      <span aria-hidden="true"> · </span>
                      <span>
                        Made <time datetime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                      </span>
                    </p>
                  </div>
                  <button
                    type="button"
                    class="button"
                    onClick={() => void revoke(item)}
                    aria-label={`Revoke ${item.name}`}
                    data-testid="app-password-revoke"
                  >
                    Revoke
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <WebDavHelp url={davUrl()} onCopy={(text) => void copy(text, "Address")} copied={copied()} />
    </section>
  );
}
