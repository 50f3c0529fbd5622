import type { SessionInfo } from "@hearth/contract";
import { useNavigate } from "@solidjs/router";
import { createSignal, For, onCleanup, Show } from "solid-js";
import { Spinner } from "../../components/Spinner";
import { useSession, useWorkspace } from "../../context";
import { formatDateTime, formatRelative } from "../../format";
import { forgetFolders } from "../../stores/folderNames";
import type { SessionList } from "./createSessionList";

export function SessionsSection(props: { list: SessionList }) {
  const session = useSession();
  const navigate = useNavigate();
  const { toasts } = useWorkspace();
  const [busy, setBusy] = createSignal(false);
  // "5 minutes ago" should not stay true for an hour.
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(timer));

  const leave = () => {
    forgetFolders();
    navigate("/login", { replace: true });
  };

  async function revoke(item: SessionInfo) {
    if (item.current) {
      setBusy(true);
      await session.logout().catch(() => undefined);
      leave();
      return;
    }
    try {
      await props.list.revoke(item);
      toasts.info(`Signed out ${item.device}`);
    } catch (err) {
      toasts.error(err);
    }
  }

  async function logoutEverywhere() {
    setBusy(true);
    try {
      await session.logoutEverywhere();
      leave();
    } catch (err) {
      toasts.error(err);
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="sessions-title">
      <div class="card__header">
        <h2 id="sessions-title" class="card__title">
          Where you're signed in
        </h2>
        <button
          type="button"
          class="button button--danger"
          disabled={busy()}
          onClick={logoutEverywhere}
          data-testid="logout-everywhere"
        >
          Sign out everywhere
        </button>
      </div>
      <p class="card__text">If you see a device you don't recognise, revoke it and change your password.</p>
      <Show when={props.list.error()}>
        <p class="form-error" role="alert">
          {props.list.error()}{" "}
          <button type="button" class="button button--quiet" onClick={() => void props.list.reload()}>
            Try again
          </button>
        </p>
      </Show>
      <Show
        when={!props.list.loading() || props.list.sessions().length}
        fallback={<Spinner label="Loading sessions…" />}
      >
        <ul class="session-list" aria-label="Sessions">
          <For each={props.list.sessions()}>
            {(item) => (
              <li class="session-row" data-testid="session-row" data-current={item.current ? "true" : "false"}>
                <div class="session-row__info">
                  <p class="session-row__device">
                    <span>{item.device || "Unknown device"}</span>
                    <Show when={item.current}>
                      <span class="badge badge--success">This device</span>
                    </Show>
                  </p>
                  <p class="muted session-row__meta">
                    <span>{item.ip ?? "Unknown address"}</span>
                    <span aria-hidden="true"> · </span>
                    <span>
                      {item.current ? "Active now" : "Last active "}
                      <Show when={!item.current}>
                        <time datetime={item.lastSeenAt} title={formatDateTime(item.lastSeenAt)}>
                          {formatRelative(item.lastSeenAt, now())}
                        </time>
                      </Show>
                    </span>
                    <span aria-hidden="true"> · </span>
                    <span>
                      Signed in <time datetime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                    </span>
                  </p>
                </div>
                <button
                  type="button"
                  class="button"
                  disabled={busy()}
                  onClick={() => void revoke(item)}
                  aria-label={item.current ? "Sign out on this device" : `Revoke ${item.device}`}
                  data-testid="session-revoke"
                >
                  {item.current ? "Sign out" : "Revoke"}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
