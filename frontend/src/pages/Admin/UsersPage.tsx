import type { AdminUser, Invite } from "@hearth/contract";
import { createSignal, Match, onMount, Switch } from "solid-js";
import { adminApi } from "../../api/admin";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { useSession, useWorkspace } from "../../context";
import { AddUserDialog } from "./AddUserDialog";
import { createAdminUsers } from "./createAdminUsers";
import { DeleteUserDialog } from "./DeleteUserDialog";
import { EditUserDialog } from "./EditUserDialog";
import { InviteDialog } from "./InviteDialog";
import { InvitesCard } from "./InvitesCard";
import { ResetPasswordDialog } from "./ResetPasswordDialog";
import { SecuritySettingsCard } from "./SecuritySettingsCard";
import { UserTable } from "./UserTable";

type OpenDialog =
  | { kind: "add" }
  | { kind: "invite" }
  | { kind: "edit"; user: AdminUser }
  | { kind: "reset"; user: AdminUser }
  | { kind: "delete"; user: AdminUser }
  | null;

/** `/admin/users`: the household's accounts, invites, and sign-up and security settings. */
export function UsersPage() {
  const session = useSession();
  const { toasts } = useWorkspace();
  const people = createAdminUsers();
  const [invites, setInvites] = createSignal<Invite[]>([]);
  const [invitesError, setInvitesError] = createSignal("");
  const [dialog, setDialog] = createSignal<OpenDialog>(null);
  const close = () => setDialog(null);
  const dialogUser = (kind: "edit" | "reset" | "delete") => {
    const open = dialog();
    return open?.kind === kind ? open.user : undefined;
  };

  document.title = "People – Hearth";

  onMount(async () => {
    try {
      setInvites((await adminApi.invites()).invites);
    } catch (err) {
      setInvitesError(err instanceof Error ? err.message : String(err));
    }
  });

  async function toggleDisabled(user: AdminUser) {
    try {
      const updated = await adminApi.updateUser(user.id, { disabled: !user.disabled });
      people.upsert(updated);
      toasts.info(updated.disabled ? `${updated.name} can no longer sign in` : `${updated.name} can sign in again`);
    } catch (err) {
      toasts.error(err);
    }
  }

  async function revokeInvite(invite: Invite) {
    setInvites((list) => list.filter((item) => item.id !== invite.id));
    try {
      await adminApi.revokeInvite(invite.id);
      toasts.info("Invite revoked");
    } catch (err) {
      setInvites((list) => [invite, ...list]);
      toasts.error(err);
    }
  }

  const saved = (message: string) => (user: AdminUser) => {
    people.upsert(user);
    // The admin may have changed their own name or role.
    if (user.id === session.user()?.id) session.updateUser({ name: user.name, role: user.role });
    close();
    toasts.info(message);
  };

  return (
    <section class="admin-users" aria-labelledby="users-title">
      <div class="page-header">
        <h1 id="users-title" class="page-header__title">
          People
        </h1>
        <div class="toolbar">
          <button type="button" class="button" onClick={() => setDialog({ kind: "invite" })} data-testid="admin-invite">
            <Icon name="mail" />
            <span>Invite</span>
          </button>
          <button
            type="button"
            class="button button--primary"
            onClick={() => setDialog({ kind: "add" })}
            data-testid="admin-add-user"
          >
            <Icon name="plus" />
            <span>Add user</span>
          </button>
        </div>
      </div>

      <Switch>
        <Match when={people.error() && people.users().length === 0}>
          <div class="empty-state" role="alert">
            <p>{people.error()}</p>
            <button type="button" class="button" onClick={() => void people.reload()}>
              Try again
            </button>
          </div>
        </Match>
        <Match when={people.loading() && people.users().length === 0}>
          <div class="empty-state">
            <Spinner label="Loading people…" />
          </div>
        </Match>
        <Match when={true}>
          <UserTable
            users={people.users()}
            selfId={session.user()?.id}
            onEdit={(user) => setDialog({ kind: "edit", user })}
            onResetPassword={(user) => setDialog({ kind: "reset", user })}
            onToggleDisabled={(user) => void toggleDisabled(user)}
            onDelete={(user) => setDialog({ kind: "delete", user })}
          />
        </Match>
      </Switch>

      <div class="admin-users__cards">
        <InvitesCard invites={invites()} error={invitesError()} onRevoke={(invite) => void revokeInvite(invite)} />
        <SecuritySettingsCard />
      </div>

      <Switch>
        <Match when={dialog()?.kind === "add"}>
          <AddUserDialog
            onCreated={(user) => {
              people.upsert(user);
              close();
              toasts.info(`${user.name} can now sign in`);
            }}
            onClose={close}
          />
        </Match>
        <Match when={dialog()?.kind === "invite"}>
          <InviteDialog onCreated={(invite) => setInvites((list) => [invite, ...list])} onClose={close} />
        </Match>
        <Match when={dialogUser("edit")}>
          {(user) => <EditUserDialog user={user()} onSaved={saved("Changes saved")} onClose={close} />}
        </Match>
        <Match when={dialogUser("reset")}>
          {(user) => (
            <ResetPasswordDialog
              user={user()}
              onSaved={saved(`${user().name}'s password was reset; they were signed out everywhere`)}
              onClose={close}
            />
          )}
        </Match>
        <Match when={dialogUser("delete")}>
          {(user) => (
            <DeleteUserDialog
              user={user()}
              others={people.users().filter((other) => other.id !== user().id)}
              onDeleted={() => {
                // Read before closing: the dialog's user is gone once it is.
                const gone = user();
                people.remove(gone.id);
                close();
                toasts.info(`${gone.name}'s account was deleted`);
              }}
              onClose={close}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
}
