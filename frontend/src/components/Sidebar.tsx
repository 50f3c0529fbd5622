import { A } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import { useSession } from "../context";
import { createDropTarget, isDraggingItems } from "../stores/itemDrag";
import { Icon, type IconName } from "./Icon";
import { StorageMeter } from "./StorageMeter";

/**
 * The places: My Drive, Recent, Starred, Trash, then Photos, Settings and Admin, with the
 * storage in use at the bottom. My Drive and Trash take dropped items (move to the top level,
 * move to the trash).
 */
export function Sidebar(props: { onNavigate?(): void; onSignOut(): void; signingOut: boolean }) {
  const session = useSession();
  const toDrive = createDropTarget(() => null);
  const toTrash = createDropTarget(() => "trash");

  const link = (
    href: string,
    icon: IconName,
    label: string,
    testId: string,
    extra: JSX.HTMLAttributes<HTMLAnchorElement> = {},
    end = false,
  ) => (
    <A href={href} end={end} data-testid={testId} onClick={() => props.onNavigate?.()} {...extra}>
      <Icon name={icon} />
      <span>{label}</span>
    </A>
  );

  return (
    <nav class="sidebar" classList={{ "sidebar--dragging": isDraggingItems() }} aria-label="Main">
      <div class="sidebar__group">
        {link("/drive", "drive", "My Drive", "nav-drive", {
          ...toDrive.handlers,
          classList: { sidebar__drop: toDrive.over() },
        })}
        {link("/recent", "clock", "Recent", "nav-recent")}
        {link("/starred", "star", "Starred", "nav-starred")}
        {link("/trash", "trash", "Trash", "nav-trash", {
          ...toTrash.handlers,
          classList: { sidebar__drop: toTrash.over() },
        })}
      </div>
      <div class="sidebar__group">
        {link("/photos", "photos", "Photos", "nav-photos", {}, true)}
        {link("/photos/albums", "grid", "Albums", "nav-albums")}
        {link("/photos/sharing", "users", "Sharing", "nav-sharing")}
        {link("/settings", "settings", "Settings", "sidebar-settings")}
        <Show when={session.user()?.role === "admin"}>{link("/admin", "shield", "Admin", "nav-admin")}</Show>
      </div>
      <div class="sidebar__footer">
        <StorageMeter />
        {/* On a phone the header has no room for it. */}
        <button
          type="button"
          class="button button--quiet sidebar__sign-out"
          onClick={() => props.onSignOut()}
          disabled={props.signingOut}
        >
          Sign out
        </button>
      </div>
    </nav>
  );
}
