import { createSignal, Match, Show, Switch } from "solid-js";
import { accountApi } from "../../api/account";
import { useSession } from "../../context";
import { PasswordDialog } from "./PasswordDialog";
import { RecoveryCodes } from "./RecoveryCodes";
import { TwoFactorEnrolment } from "./TwoFactorEnrolment";

interface TwoFactorSectionProps {
  /** The admin requires two-factor sign-in: enrolment is the only way on, there is no cancel. */
  required?: boolean;
  /** Called when a required enrolment is complete (recovery codes seen). */
  onFinished?(): void;
}

type Open = "none" | "enrol" | "disable" | "regenerate";

/** Status of two-factor sign-in, and turning it on, off, or renewing the recovery codes. */
export function TwoFactorSection(props: TwoFactorSectionProps) {
  const session = useSession();
  const enabled = () => !!session.user()?.twoFactorEnabled;
  const [open, setOpen] = createSignal<Open>("none");
  const [newCodes, setNewCodes] = createSignal<string[] | null>(null);
  const [notice, setNotice] = createSignal("");

  async function disable(password: string) {
    await accountApi.disableTwoFactor(password);
    session.updateUser({ twoFactorEnabled: false });
    setOpen("none");
    setNotice("Two-factor sign-in is off.");
  }

  async function regenerate(password: string) {
    const { recoveryCodes } = await accountApi.newRecoveryCodes(password);
    setOpen("none");
    setNewCodes(recoveryCodes);
  }

  return (
    <section class="card" aria-labelledby="two-factor-title" data-testid="two-factor-section">
      <div class="card__header">
        <h2 id="two-factor-title" class="card__title">
          Two-factor sign-in
        </h2>
        <span
          class="badge"
          classList={{ "badge--success": enabled() }}
          data-testid="two-factor-status"
          data-enabled={enabled() ? "true" : "false"}
        >
          {enabled() ? "On" : "Off"}
        </span>
      </div>
      <p class="card__text">
        Besides your password, signing in asks for a code from an app on your phone, so a leaked password alone can't
        open your files.
      </p>
      <Show when={notice()}>
        <p class="muted" role="status">
          {notice()}
        </p>
      </Show>
      <Switch>
        <Match when={open() === "enrol"}>
          <TwoFactorEnrolment
            onCancel={props.required ? undefined : () => setOpen("none")}
            doneLabel={props.required ? "I've saved them — continue" : undefined}
            onDone={() => {
              setOpen("none");
              setNotice("Two-factor sign-in is on.");
              props.onFinished?.();
            }}
          />
        </Match>
        <Match when={newCodes()}>{(codes) => <RecoveryCodes codes={codes()} onDone={() => setNewCodes(null)} />}</Match>
        <Match when={enabled()}>
          <div class="form-actions">
            <button
              type="button"
              class="button"
              onClick={() => setOpen("regenerate")}
              data-testid="recovery-regenerate"
            >
              New recovery codes
            </button>
            <Show when={!props.required}>
              <button
                type="button"
                class="button button--danger"
                onClick={() => setOpen("disable")}
                data-testid="two-factor-disable"
              >
                Turn off
              </button>
            </Show>
          </div>
        </Match>
        <Match when={true}>
          <div class="form-actions">
            <button
              type="button"
              class="button button--primary"
              onClick={() => {
                setNotice("");
                setOpen("enrol");
              }}
              data-testid="two-factor-start"
            >
              Set up two-factor sign-in
            </button>
          </div>
        </Match>
      </Switch>

      <Switch>
        <Match when={open() === "disable"}>
          <PasswordDialog
            title="Turn off two-factor sign-in?"
            text="Signing in will only need your password again. Your recovery codes stop working."
            submitLabel="Turn off"
            danger
            testId="two-factor-disable"
            onSubmit={disable}
            onClose={() => setOpen("none")}
          />
        </Match>
        <Match when={open() === "regenerate"}>
          <PasswordDialog
            title="Make new recovery codes?"
            text="You get ten new codes; the ones you have now stop working."
            submitLabel="Make new codes"
            testId="recovery-regenerate"
            onSubmit={regenerate}
            onClose={() => setOpen("none")}
          />
        </Match>
      </Switch>
    </section>
  );
}
