import type { Invite } from "@hearth/contract";
import { For, Show } from "solid-js";
import { formatDateTime, formatRelative } from "../../format";

type InviteState = "pending" | "used" | "expired";

const stateOf = (invite: Invite, now: number): InviteState =>
  invite.usedAt ? "used" : new Date(invite.expiresAt).getTime() <= now ? "expired" : "pending";

/** Invite links made so far; pending ones can be revoked before anyone uses them. */
export function InvitesCard(props: { invites: Invite[]; error: string; onRevoke(invite: Invite): void }) {
  const now = () => Date.now();
  return (
    <section class="card" aria-labelledby="invites-title">
      <h2 id="invites-title" class="card__title">
        Invites
      </h2>
      <Show when={props.error}>
        <p class="form-error" role="alert">
          {props.error}
        </p>
      </Show>
      <Show
        when={props.invites.length}
        fallback={<p class="card__text">No invites yet. Use “Invite” to make a link.</p>}
      >
        <ul class="invite-list" aria-label="Invites">
          <For each={props.invites}>
            {(invite) => {
              const state = () => stateOf(invite, now());
              return (
                <li class="invite-row" data-testid="invite-row" data-state={state()}>
                  <div class="invite-row__info">
                    <span class="invite-row__who">{invite.email ?? "Anyone with the link"}</span>
                    <span class="muted invite-row__meta">
                      {invite.role === "admin" ? "Admin" : "Member"} ·{" "}
                      <Show when={state() === "pending"}>
                        expires{" "}
                        <time datetime={invite.expiresAt} title={formatDateTime(invite.expiresAt)}>
                          {formatRelative(invite.expiresAt)}
                        </time>
                      </Show>
                      <Show when={state() === "used"}>used {formatRelative(invite.usedAt!)}</Show>
                      <Show when={state() === "expired"}>expired</Show>
                    </span>
                  </div>
                  <Show
                    when={state() === "pending"}
                    fallback={
                      <span class="badge" classList={{ "badge--success": state() === "used" }}>
                        {state() === "used" ? "Used" : "Expired"}
                      </span>
                    }
                  >
                    <button
                      type="button"
                      class="button button--danger"
                      onClick={() => props.onRevoke(invite)}
                      aria-label={`Revoke the invite for ${invite.email ?? "anyone with the link"}`}
                      data-testid="invite-revoke"
                    >
                      Revoke
                    </button>
                  </Show>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </section>
  );
}
