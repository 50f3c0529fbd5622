import { createSignal } from "solid-js";
import { accountApi } from "../../api/account";
import { TextField } from "../../components/TextField";
import { useSession, useWorkspace } from "../../context";

export function ProfileSection() {
  const session = useSession();
  const { toasts } = useWorkspace();
  const [name, setName] = createSignal(session.user()?.name ?? "");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const trimmed = name().trim();
    setError("");
    if (!trimmed) {
      setError("Please enter your name.");
      return;
    }
    setBusy(true);
    try {
      const { user } = await accountApi.updateProfile({ name: trimmed });
      session.updateUser(user);
      setName(user.name);
      toasts.info("Name saved");
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="profile-title">
      <h2 id="profile-title" class="card__title">
        Profile
      </h2>
      <form class="settings__form" onSubmit={submit} novalidate>
        <TextField
          label="Name"
          type="text"
          autocomplete="name"
          maxlength={100}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          aria-invalid={error() ? "true" : undefined}
          data-testid="profile-name"
        />
        <div class="field">
          <span class="field__label">Email</span>
          <span data-testid="profile-email">{session.user()?.email}</span>
          <span class="field__hint">Only an admin can change the email you sign in with.</span>
        </div>
        <p class="form-error" role="alert">
          {error()}
        </p>
        <div class="form-actions">
          <button
            type="submit"
            class="button button--primary"
            disabled={busy() || name().trim() === session.user()?.name}
            data-testid="profile-save"
          >
            Save
          </button>
        </div>
      </form>
    </section>
  );
}
