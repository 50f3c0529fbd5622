import type { AdminSettings } from "@hearth/contract";
import { createSignal, onMount, Show } from "solid-js";
import { adminApi } from "../../api/admin";
import { useSession, useWorkspace } from "../../context";

/** The household-wide switches: open registration, and two-factor sign-in for everyone. */
export function SecuritySettingsCard() {
  const session = useSession();
  const { toasts } = useWorkspace();
  const [settings, setSettings] = createSignal<AdminSettings | null>(null);
  const [error, setError] = createSignal("");
  const [saving, setSaving] = createSignal(false);

  onMount(async () => {
    try {
      setSettings(await adminApi.settings());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  });

  async function change(key: keyof AdminSettings, value: boolean) {
    const before = settings();
    if (!before) return;
    setSettings({ ...before, [key]: value });
    setSaving(true);
    try {
      const saved = await adminApi.updateSettings({ [key]: value });
      setSettings(saved);
      session.setRegistrationOpen(saved.registrationOpen);
      // Requiring two-factor applies to this admin too: if not enrolled, that is the next stop.
      if (key === "requireTwoFactor" && !session.user()?.twoFactorEnabled)
        void session.reloadUser().catch(() => undefined);
      toasts.info(
        key === "registrationOpen"
          ? saved.registrationOpen
            ? "Anyone who can reach Hearth can now create an account"
            : "Registration closed: new people need an invite"
          : saved.requireTwoFactor
            ? "Two-factor sign-in is now required for everyone"
            : "Two-factor sign-in is now optional",
      );
    } catch (err) {
      setSettings(before);
      toasts.error(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section class="card" aria-labelledby="security-title">
      <h2 id="security-title" class="card__title">
        Sign-up and security
      </h2>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <label class="checkbox-field">
        <input
          type="checkbox"
          checked={settings()?.registrationOpen ?? false}
          disabled={!settings() || saving()}
          onChange={(e) => void change("registrationOpen", e.currentTarget.checked)}
          aria-describedby="registration-open-hint"
          data-testid="settings-registration-open"
        />
        <span class="checkbox-field__text">
          <span class="field__label">Anyone can create an account</span>
          <span id="registration-open-hint" class="field__hint">
            Shows “Create account” on the sign-in page. When off, people join with an invite link.
          </span>
        </span>
      </label>
      <label class="checkbox-field">
        <input
          type="checkbox"
          checked={settings()?.requireTwoFactor ?? false}
          disabled={!settings() || saving()}
          onChange={(e) => void change("requireTwoFactor", e.currentTarget.checked)}
          aria-describedby="require-2fa-hint"
          data-testid="settings-require-2fa"
        />
        <span class="checkbox-field__text">
          <span class="field__label">Require two-factor sign-in for everyone</span>
          <span id="require-2fa-hint" class="field__hint">
            People without it are asked to set it up before they can do anything else.
            <Show when={!session.user()?.twoFactorEnabled}> That includes you: you haven't set it up yet.</Show>
          </span>
        </span>
      </label>
    </section>
  );
}
