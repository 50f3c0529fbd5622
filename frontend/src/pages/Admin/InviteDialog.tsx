import { DEFAULT_ROLE, INVITE_DEFAULT_HOURS, type CreatedInvite, type Role } from "@hearth/contract";
import { createSignal, onMount, Show } from "solid-js";
import { adminApi } from "../../api/admin";
import { Dialog } from "../../components/Dialog";
import { DialogFooter } from "../../components/FormParts";
import { Icon } from "../../components/Icon";
import { TextField } from "../../components/TextField";
import { formatDateTime } from "../../format";
import { copyText } from "../../textExport";
import { RoleSelect } from "./UserFields";

const EXPIRY_CHOICES = [
  { hours: 24, label: "1 day" },
  { hours: 72, label: "3 days" },
  { hours: 168, label: "1 week" },
  { hours: 720, label: "30 days" },
];

/** Makes an invite link, then shows it this once (only a hash of it is kept on the server). */
export function InviteDialog(props: { onCreated(invite: CreatedInvite): void; onClose(): void }) {
  const [email, setEmail] = createSignal("");
  const [role, setRole] = createSignal<Role>(DEFAULT_ROLE);
  const [hours, setHours] = createSignal(INVITE_DEFAULT_HOURS);
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [created, setCreated] = createSignal<CreatedInvite | null>(null);

  async function submit() {
    if (created()) {
      props.onClose();
      return;
    }
    setBusy(true);
    setError("");
    try {
      const invite = await adminApi.createInvite({
        ...(email().trim() ? { email: email().trim() } : {}),
        role: role(),
        expiresInHours: hours(),
      });
      setCreated(invite);
      props.onCreated(invite);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={created() ? "Invite link ready" : "Invite someone"}
      id="invite"
      onClose={props.onClose}
      onSubmit={submit}
      wide
    >
      <Show
        when={created()}
        fallback={
          <>
            <p class="dialog__text">They get a link to create their own account and choose their password.</p>
            <TextField
              label="Email (optional)"
              type="email"
              autocomplete="off"
              hint="If you fill it in, only this address can use the invite."
              value={email()}
              onInput={(e) => setEmail(e.currentTarget.value)}
              data-testid="admin-invite-email"
            />
            <div class="dialog__row">
              <RoleSelect value={role()} onChange={setRole} testId="admin-invite-role" />
              <label class="field">
                <span class="field__label">Link works for</span>
                <select
                  class="input select"
                  onChange={(e) => setHours(Number(e.currentTarget.value))}
                  data-testid="admin-invite-expiry"
                >
                  {EXPIRY_CHOICES.map((choice) => (
                    <option value={choice.hours} selected={choice.hours === hours()}>
                      {choice.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <DialogFooter
              error={error()}
              errorTestid="admin-invite-error"
              onCancel={props.onClose}
              submitLabel={busy() ? "Creating…" : "Create invite link"}
              submitTestid="admin-invite-submit"
              disabled={busy()}
            />
          </>
        }
      >
        {(invite) => <CreatedLink invite={invite()} />}
      </Show>
    </Dialog>
  );
}

function CreatedLink(props: { invite: CreatedInvite }) {
  const [status, setStatus] = createSignal("");
  let field!: HTMLTextAreaElement;

  onMount(() => {
    field.focus();
    field.select();
  });

  async function copy() {
    setStatus(
      (await copyText(props.invite.url)) ? "Link copied." : "Couldn't copy: select the link and copy it instead.",
    );
  }

  return (
    <>
      <p class="notice" role="note">
        <strong>Copy this link now: it is shown only once.</strong> Send it to{" "}
        {props.invite.email ?? "the person you are inviting"}; it works once, until{" "}
        <time datetime={props.invite.expiresAt}>{formatDateTime(props.invite.expiresAt)}</time>.
      </p>
      <label class="field">
        <span class="field__label">Invite link</span>
        {/* A textarea: its text is the link, so it reads, selects and copies like one. */}
        <textarea
          ref={field}
          class="input input--mono invite-url"
          rows={3}
          readOnly
          spellcheck={false}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="invite-url"
        >
          {props.invite.url}
        </textarea>
      </label>
      <div class="dialog__actions dialog__actions--spread">
        <span class="muted" role="status">
          {status()}
        </span>
        <button type="button" class="button" onClick={copy} data-testid="invite-url-copy">
          <Icon name="copy" />
          Copy link
        </button>
        <button type="submit" class="button button--primary" data-testid="invite-done">
          Done
        </button>
      </div>
    </>
  );
}
