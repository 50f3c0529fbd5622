import { For } from "solid-js";
import { Icon } from "../../components/Icon";

/** "Connect with WebDAV": the exact address, and the steps for the apps a family already has. */
export function WebDavHelp(props: { url: string; onCopy(text: string): void; copied: string }) {
  const host = () => {
    try {
      return new URL(props.url).host;
    } catch {
      return props.url;
    }
  };
  const https = () => props.url.startsWith("https:");
  const steps = () => [
    {
      title: "macOS Finder",
      body: `Go → Connect to Server (⌘K), enter ${props.url}, choose Connect, then sign in as “Registered User” with your email and an app password.`,
    },
    {
      title: "Windows",
      body: https()
        ? `In File Explorer, right-click This PC → Map network drive → “Connect to a Web site…”, or enter ${props.url} as the folder. Sign in with your email and an app password.`
        : `In File Explorer, right-click This PC → Map network drive, folder ${props.url}. Over plain http Windows refuses Basic sign-in until an admin sets the BasicAuthLevel registry value to 2 (see the README); https is better.`,
    },
    {
      title: "GNOME Files (Linux)",
      body: `Other Locations → Connect to Server: ${https() ? "davs" : "dav"}://${host()}/dav/`,
    },
    {
      title: "rclone",
      body: `rclone config → new remote → type webdav, url ${props.url}, vendor “ownCloud” (so file times are kept), user your email, password an app password. Then: rclone sync ~/Pictures hearth:Photos`,
    },
    {
      title: "Phone backup (PhotoSync, FolderSync)",
      body: `Add a WebDAV server: address ${props.url}, your email and an app password, and pick the folder “Photos” as the target. What the app uploads appears in your Photos timeline.`,
    },
  ];

  return (
    <div class="webdav-help" data-testid="webdav-help">
      <h3 class="recovery__title">Connect with WebDAV</h3>
      <div class="app-password-new__value">
        <span class="muted">Server address</span>
        <code data-testid="webdav-url">{props.url}</code>
        <button
          type="button"
          class="button button--quiet"
          onClick={() => props.onCopy(props.url)}
          aria-label="Copy the server address"
        >
          <Icon name="copy" />
          Copy
        </button>
      </div>
      <dl class="webdav-help__steps">
        <For each={steps()}>
          {(step) => (
            <>
              <dt>{step.title}</dt>
              <dd>{step.body}</dd>
            </>
          )}
        </For>
      </dl>
    </div>
  );
}
