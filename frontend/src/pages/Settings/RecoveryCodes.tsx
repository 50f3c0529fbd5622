import { createSignal, For, onMount } from "solid-js";
import { Icon } from "../../components/Icon";
import { useSession } from "../../context";
import { copyText, downloadText } from "../../textExport";

/** Freshly made recovery codes: shown this once, with ways to keep them. */
export function RecoveryCodes(props: { codes: string[]; onDone(): void; doneLabel?: string }) {
  const session = useSession();
  const [status, setStatus] = createSignal("");
  let heading!: HTMLHeadingElement;

  // The codes replace the form that was focused; move focus to them so they are read out.
  onMount(() => heading.focus());

  const asText = () =>
    [
      `Hearth recovery codes for ${session.user()?.email ?? "your account"}`,
      `Made ${new Date().toLocaleString()}. Each code signs you in once, instead of a code from your authenticator app.`,
      "",
      ...props.codes,
      "",
    ].join("\n");

  async function copy() {
    setStatus(
      (await copyText(props.codes.join("\n")))
        ? "Copied to the clipboard."
        : "Couldn't copy: select the codes and copy them instead.",
    );
  }

  function download() {
    downloadText("hearth-recovery-codes.txt", asText());
    setStatus("Downloaded hearth-recovery-codes.txt.");
  }

  return (
    <div class="recovery" data-testid="recovery-codes">
      <h3 ref={heading} class="recovery__title" tabindex="-1">
        Save your recovery codes
      </h3>
      <p class="notice" role="note">
        <strong>They are shown only this once.</strong> If you lose your phone, each code lets you sign in one time.
        Keep them somewhere safe, like a password manager or a printed copy.
      </p>
      <ol class="recovery__list">
        <For each={props.codes}>
          {(code) => (
            <li>
              <code data-testid="recovery-code">{code}</code>
            </li>
          )}
        </For>
      </ol>
      <div class="form-actions">
        <button type="button" class="button" onClick={copy} data-testid="recovery-codes-copy">
          <Icon name="copy" />
          Copy
        </button>
        <button type="button" class="button" onClick={download} data-testid="recovery-codes-download">
          <Icon name="download" />
          Download .txt
        </button>
        <span class="muted" role="status">
          {status()}
        </span>
      </div>
      <div class="form-actions">
        <button
          type="button"
          class="button button--primary"
          onClick={() => props.onDone()}
          data-testid="recovery-codes-done"
        >
          {props.doneLabel ?? "I've saved them"}
        </button>
      </div>
    </div>
  );
}
