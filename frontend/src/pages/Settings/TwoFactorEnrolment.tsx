import type { TwoFactorSetup } from "@hearth/contract";
import { createResource, createSignal, Match, onMount, Show, Switch } from "solid-js";
import { renderSVG } from "uqr";
import { accountApi } from "../../api/account";
import { Spinner } from "../../components/Spinner";
import { useSession } from "../../context";
import { copyText } from "../../textExport";
import { RecoveryCodes } from "./RecoveryCodes";

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", easier to type by hand. */
const groupInFours = (secret: string) => secret.replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 ");

interface TwoFactorEnrolmentProps {
  onCancel?(): void;
  /** After the recovery codes were shown and the user said they have them. */
  onDone(): void;
  doneLabel?: string;
}

/** Turning on two-factor sign-in: scan (or type) the secret, confirm one code, keep the recovery codes. */
export function TwoFactorEnrolment(props: TwoFactorEnrolmentProps) {
  const session = useSession();
  const [setup, { refetch }] = createResource(() => accountApi.setupTwoFactor());
  const [recoveryCodes, setRecoveryCodes] = createSignal<string[] | null>(null);

  return (
    <Switch>
      <Match when={recoveryCodes()}>
        {(codes) => <RecoveryCodes codes={codes()} onDone={props.onDone} doneLabel={props.doneLabel} />}
      </Match>
      <Match when={setup.loading}>
        <Spinner label="Preparing two-factor sign-in…" />
      </Match>
      <Match when={setup.error as unknown}>
        {(error) => (
          <div class="form-actions" role="alert">
            <p class="form-error">{error() instanceof Error ? (error() as Error).message : String(error())}</p>
            <button type="button" class="button" onClick={() => void refetch()}>
              Try again
            </button>
            <Show when={props.onCancel}>
              <button type="button" class="button button--quiet" onClick={() => props.onCancel?.()}>
                Cancel
              </button>
            </Show>
          </div>
        )}
      </Match>
      <Match when={setup()}>
        {(current) => (
          <ConfirmCode
            setup={current()}
            onCancel={props.onCancel}
            onEnabled={(codes) => {
              session.updateUser({ twoFactorEnabled: true });
              setRecoveryCodes(codes);
            }}
          />
        )}
      </Match>
    </Switch>
  );
}

function ConfirmCode(props: { setup: TwoFactorSetup; onCancel?(): void; onEnabled(codes: string[]): void }) {
  const [code, setCode] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [copied, setCopied] = createSignal("");
  let qr!: HTMLDivElement;
  let input!: HTMLInputElement;

  onMount(() => {
    // uqr draws plain rects and paths (no scripts, no styles), so it is safe to insert as markup.
    qr.innerHTML = renderSVG(props.setup.otpauthUrl, { ecc: "M", pixelSize: 8 });
    qr.querySelector("svg")?.setAttribute("aria-hidden", "true");
  });

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const digits = code().replace(/\s+/g, "");
    setError("");
    if (!/^\d{6}$/.test(digits)) {
      setError("Enter the 6-digit code your authenticator app shows for Hearth.");
      input.focus();
      return;
    }
    setBusy(true);
    try {
      const { recoveryCodes } = await accountApi.enableTwoFactor(digits);
      props.onEnabled(recoveryCodes);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
      setCode("");
      input.focus();
    }
  }

  return (
    <form class="enrol" onSubmit={submit} novalidate>
      <ol class="enrol__steps">
        <li>
          <p>
            Scan this code with an authenticator app (such as Aegis, 2FAS, Google Authenticator or your password
            manager).
          </p>
          <div class="enrol__pairing">
            <div
              ref={qr}
              class="enrol__qr"
              role="img"
              aria-label="QR code to add Hearth to your authenticator app"
              data-testid="two-factor-qr"
            />
            <div class="enrol__manual">
              <p class="muted">Can't scan it? Enter this key instead:</p>
              <code class="enrol__secret" data-testid="two-factor-secret">
                {groupInFours(props.setup.secret)}
              </code>
              <a class="enrol__open" href={props.setup.otpauthUrl}>
                On your phone? Open it in your authenticator app
              </a>
              <div class="form-actions">
                <button
                  type="button"
                  class="button"
                  onClick={async () =>
                    setCopied(
                      (await copyText(props.setup.secret.replace(/\s+/g, "")))
                        ? "Key copied."
                        : "Couldn't copy the key.",
                    )
                  }
                >
                  Copy key
                </button>
                <span class="muted" role="status">
                  {copied()}
                </span>
              </div>
            </div>
          </div>
        </li>
        <li>
          <label class="field">
            <span class="field__label">Enter the 6-digit code the app shows</span>
            <input
              ref={input}
              class="input input--code"
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              maxlength={7}
              placeholder="123456"
              value={code()}
              onInput={(e) => setCode(e.currentTarget.value)}
              aria-invalid={error() ? "true" : undefined}
              aria-describedby="two-factor-code-error"
              data-testid="two-factor-code"
            />
          </label>
        </li>
      </ol>
      <p id="two-factor-code-error" class="form-error" role="alert">
        {error()}
      </p>
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={busy()} data-testid="two-factor-enable">
          {busy() ? "Checking…" : "Turn on two-factor sign-in"}
        </button>
        <Show when={props.onCancel}>
          <button type="button" class="button button--quiet" onClick={() => props.onCancel?.()}>
            Cancel
          </button>
        </Show>
      </div>
    </form>
  );
}
