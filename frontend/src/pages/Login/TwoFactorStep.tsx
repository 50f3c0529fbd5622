import { createSignal, onMount } from "solid-js";
import { ApiError } from "../../api/client";
import { AuthCard } from "../../components/AuthCard";
import { useSession } from "../../context";

interface TwoFactorStepProps {
  challenge: string;
  onSignedIn(): void;
  /** The challenge is no longer good (expired, or the user chose to go back). */
  onStartOver(message: string): void;
}

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
export function TwoFactorStep(props: TwoFactorStepProps) {
  const session = useSession();
  const [useRecovery, setUseRecovery] = createSignal(false);
  const [code, setCode] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  let input!: HTMLInputElement;

  onMount(() => input.focus());

  function switchMode() {
    setUseRecovery(!useRecovery());
    setCode("");
    setError("");
    input.focus();
  }

  // Authenticator codes are often shown as "123 456"; recovery codes are typed as printed.
  const cleaned = () => (useRecovery() ? code().trim().toLowerCase() : code().replace(/\s+/g, ""));

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError("");
    if (!useRecovery() && !/^\d{6}$/.test(cleaned())) {
      setError("Enter the 6-digit code from your authenticator app.");
      input.focus();
      return;
    }
    if (useRecovery() && !cleaned()) {
      setError("Enter one of your recovery codes.");
      input.focus();
      return;
    }
    setBusy(true);
    try {
      await session.loginTwoFactor({ challenge: props.challenge, code: cleaned() });
      props.onSignedIn();
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.code === "challenge_expired") {
        props.onStartOver(`${err.message} Please sign in again.`);
        return;
      }
      setError(err instanceof Error ? err.message : String(err));
      setCode("");
      input.focus();
    }
  }

  return (
    <AuthCard
      title="Two-factor sign-in"
      intro={
        useRecovery()
          ? "Enter one of the recovery codes you saved when you turned on two-factor sign-in. Each code works once."
          : "Open your authenticator app and enter the 6-digit code it shows for Hearth."
      }
    >
      <form class="auth__form" onSubmit={submit} novalidate>
        <label class="field">
          <span class="field__label">{useRecovery() ? "Recovery code" : "Authentication code"}</span>
          <input
            ref={input}
            class="input"
            classList={{ "input--code": !useRecovery() }}
            type="text"
            inputmode={useRecovery() ? "text" : "numeric"}
            autocomplete={useRecovery() ? "off" : "one-time-code"}
            autocapitalize="off"
            spellcheck={false}
            maxlength={useRecovery() ? 32 : 7}
            placeholder={useRecovery() ? "xxxxx-xxxxx" : "123456"}
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
            aria-invalid={error() ? "true" : undefined}
            aria-describedby="login-code-error"
            data-testid="login-code"
          />
        </label>
        <p id="login-code-error" class="form-error" role="alert" data-testid="login-error">
          {error()}
        </p>
        <button
          type="submit"
          class="button button--primary button--wide"
          disabled={busy()}
          data-testid="login-code-submit"
        >
          {busy() ? "Checking…" : "Verify"}
        </button>
      </form>
      <p class="auth__footer">
        <button type="button" class="auth__link-button" onClick={switchMode} data-testid="login-use-recovery">
          {useRecovery() ? "Use a code from your authenticator app" : "Use a recovery code instead"}
        </button>
        {" · "}
        <button type="button" class="auth__link-button" onClick={() => props.onStartOver("")}>
          Start over
        </button>
      </p>
    </AuthCard>
  );
}
