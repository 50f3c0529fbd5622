import type { AdminUser } from "@hearth/contract";
import { For, Show } from "solid-js";
import { ActionMenu, type MenuAction } from "../../components/ActionMenu";
import { ProgressBar } from "../../components/ProgressBar";
import { formatBytes, formatDateTime, formatRelative } from "../../format";

export interface UserActions {
  onEdit(user: AdminUser): void;
  onResetPassword(user: AdminUser): void;
  onToggleDisabled(user: AdminUser): void;
  onDelete(user: AdminUser): void;
}

export function UserTable(props: { users: AdminUser[]; selfId: string | undefined } & UserActions) {
  return (
    <div class="table-scroll">
      <table class="data-table" aria-label="People">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Two-factor</th>
            <th scope="col">Status</th>
            <th scope="col">Storage</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.users}>{(user) => <UserRow user={user} self={user.id === props.selfId} {...props} />}</For>
        </tbody>
      </table>
    </div>
  );
}

function UserRow(props: { user: AdminUser; self: boolean } & UserActions) {
  const user = () => props.user;
  const usedPercent = () => {
    const quota = user().quotaBytes;
    return quota ? (user().usedBytes / quota) * 100 : 0;
  };

  // Admins can't disable or delete themselves (the server refuses too).
  const actions = (): MenuAction[] => [
    { label: "Edit…", testId: "admin-user-edit", onSelect: () => props.onEdit(user()) },
    { label: "Reset password…", testId: "admin-user-reset-password", onSelect: () => props.onResetPassword(user()) },
    ...(props.self
      ? []
      : [
          {
            label: user().disabled ? "Enable" : "Disable",
            testId: "admin-user-toggle-disabled",
            onSelect: () => props.onToggleDisabled(user()),
          },
          { label: "Delete…", testId: "admin-user-delete", danger: true, onSelect: () => props.onDelete(user()) },
        ]),
  ];

  return (
    <tr
      data-testid="admin-user-row"
      data-email={user().email}
      data-user-id={user().id}
      data-disabled={user().disabled ? "true" : "false"}
      classList={{ "data-table__row--muted": user().disabled }}
    >
      <td>
        <div class="person">
          <span class="person__name">
            {user().name}
            <Show when={props.self}>
              <span class="muted"> (you)</span>
            </Show>
          </span>
          <span class="person__email muted">{user().email}</span>
        </div>
      </td>
      <td>
        <span class="badge" classList={{ "badge--accent": user().role === "admin" }} data-testid="admin-user-role">
          {user().role === "admin" ? "Admin" : "Member"}
        </span>
      </td>
      <td>
        <span class="badge" classList={{ "badge--success": user().twoFactorEnabled }} data-testid="admin-user-2fa">
          {user().twoFactorEnabled ? "On" : "Off"}
        </span>
      </td>
      <td>
        <span class="badge" classList={{ "badge--danger": user().disabled }} data-testid="admin-user-status">
          {user().disabled ? "Disabled" : "Active"}
        </span>
      </td>
      <td class="storage-cell">
        <Show
          when={user().quotaBytes !== null}
          fallback={<span class="storage-cell__text">{formatBytes(user().usedBytes)} · no limit</span>}
        >
          <ProgressBar
            percent={usedPercent()}
            label={`Storage used by ${user().name}`}
            tone={usedPercent() >= 90 ? "error" : undefined}
            class="progress--thin"
          />
          <span class="storage-cell__text">
            {formatBytes(user().usedBytes)} of {formatBytes(user().quotaBytes ?? 0)}
          </span>
        </Show>
      </td>
      <td class="nowrap">
        <Show when={user().lastSeenAt} fallback={<span class="muted">Never</span>}>
          {(seen) => (
            <time datetime={seen()} title={formatDateTime(seen())}>
              {formatRelative(seen())}
            </time>
          )}
        </Show>
      </td>
      <td class="data-table__actions">
        <ActionMenu label={`Actions for ${user().name}`} testId="admin-user-menu" actions={actions()} />
      </td>
    </tr>
  );
}
