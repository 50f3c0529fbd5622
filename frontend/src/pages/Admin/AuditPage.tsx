import type { AdminUser, AuditEntry } from "@hearth/contract";
import { createMemo, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { Spinner } from "../../components/Spinner";
import { formatDateTime, formatRelative } from "../../format";
import { createAdminUsers } from "./createAdminUsers";
import { createAuditLog, type AuditFilters } from "./createAuditLog";

/** `/admin/audit`: who signed in, changed what, and from where. */
export function AuditPage() {
  const people = createAdminUsers();
  const [user, setUser] = createSignal("");
  const [actionText, setActionText] = createSignal("");
  // Typing a prefix waits for a pause before asking the server.
  const [action, setAction] = createSignal("");
  let typing: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(typing));
  const filters = createMemo<AuditFilters>(
    () => ({ user: user(), action: action() }),
    { user: "", action: "" },
    {
      equals: (a, b) => a.user === b.user && a.action === b.action,
    },
  );
  const log = createAuditLog(filters);
  const usersById = createMemo(() => new Map(people.users().map((person) => [person.id, person])));

  document.title = "Audit log – Hearth";

  function onActionInput(value: string) {
    setActionText(value);
    clearTimeout(typing);
    typing = setTimeout(() => setAction(value.trim()), 300);
  }

  return (
    <section class="audit" aria-labelledby="audit-title">
      <div class="page-header">
        <h1 id="audit-title" class="page-header__title">
          Audit log
        </h1>
      </div>
      <form
        class="audit__filters"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          clearTimeout(typing);
          setAction(actionText().trim());
        }}
      >
        <label class="field">
          <span class="field__label">Person</span>
          <select class="input select" onChange={(e) => setUser(e.currentTarget.value)} data-testid="audit-filter-user">
            <option value="">Everyone</option>
            <For each={people.users()}>
              {(person) => (
                <option value={person.id} selected={person.id === user()}>
                  {person.name} ({person.email})
                </option>
              )}
            </For>
          </select>
        </label>
        <label class="field">
          <span class="field__label">Action</span>
          <input
            class="input"
            type="search"
            list="audit-actions"
            placeholder="All actions, or e.g. login"
            autocomplete="off"
            spellcheck={false}
            value={actionText()}
            onInput={(e) => onActionInput(e.currentTarget.value)}
            data-testid="audit-filter-action"
          />
          <datalist id="audit-actions">
            <For each={log.actionsSeen()}>{(known) => <option value={known} />}</For>
          </datalist>
        </label>
      </form>

      <Switch>
        <Match when={log.error() && log.entries().length === 0}>
          <div class="empty-state" role="alert">
            <p>{log.error()}</p>
            <button type="button" class="button" onClick={() => void log.reload()}>
              Try again
            </button>
          </div>
        </Match>
        <Match when={log.loading() && log.entries().length === 0}>
          <div class="empty-state">
            <Spinner label="Loading the audit log…" />
          </div>
        </Match>
        <Match when={log.entries().length === 0}>
          <div class="empty-state" data-testid="audit-empty">
            <p>Nothing recorded{user() || action() ? " that matches these filters" : " yet"}.</p>
          </div>
        </Match>
        <Match when={true}>
          <div class="table-scroll">
            <table class="data-table audit__table" aria-label="Audit log" aria-busy={log.loading()}>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">IP address</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                <For each={log.entries()}>{(entry) => <AuditRow entry={entry} users={usersById()} />}</For>
              </tbody>
            </table>
          </div>
          <Show when={log.error()}>
            <p class="form-error" role="alert">
              {log.error()}
            </p>
          </Show>
          <Show when={log.hasOlder()}>
            <div class="audit__more">
              <button
                type="button"
                class="button"
                disabled={log.loading()}
                onClick={() => void log.loadOlder()}
                data-testid="audit-load-older"
              >
                {log.loading() ? "Loading…" : "Load older"}
              </button>
            </div>
          </Show>
        </Match>
      </Switch>
    </section>
  );
}

function AuditRow(props: { entry: AuditEntry; users: Map<string, AdminUser> }) {
  const entry = () => props.entry;
  const actor = () => (entry().actorId ? props.users.get(entry().actorId!) : undefined);
  const target = () => {
    const { targetType, targetId } = entry();
    if (!targetType && !targetId) return "—";
    const named = targetType === "user" && targetId ? props.users.get(targetId) : undefined;
    if (named) return named.name;
    return [targetType, targetId].filter(Boolean).join(" ");
  };
  const details = () =>
    Object.entries(entry().detail ?? {})
      .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
      .join(" · ");

  return (
    <tr data-testid="audit-row" data-action={entry().action} data-success={entry().success ? "true" : "false"}>
      <td class="nowrap">
        <time datetime={entry().at} title={formatRelative(entry().at)}>
          {formatDateTime(entry().at)}
        </time>
      </td>
      <td>
        <span title={entry().actorEmail ?? undefined}>{actor()?.name ?? entry().actorEmail ?? "—"}</span>
      </td>
      <td>
        <code class="audit__action">{entry().action}</code>
        <Show when={details()}>
          <span class="audit__detail muted">{details()}</span>
        </Show>
      </td>
      <td class="audit__target">{target()}</td>
      <td class="nowrap">{entry().ip ?? "—"}</td>
      <td>
        <span class="badge" classList={{ "badge--success": entry().success, "badge--danger": !entry().success }}>
          {entry().success ? "Success" : "Failed"}
        </span>
      </td>
    </tr>
  );
}
