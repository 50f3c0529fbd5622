import { A } from "@solidjs/router";
import { Show, type ParentProps } from "solid-js";
import { Icon } from "../../components/Icon";
import { useSession } from "../../context";
import "./AdminPages.css";

/** The admin pages, behind a role check (the server checks too) and with their own tabs. */
export function AdminArea(props: ParentProps) {
  const session = useSession();
  return (
    <Show
      when={session.user()?.role === "admin"}
      fallback={
        <div class="empty-state" role="alert">
          <Icon name="shield" class="empty-state__icon" />
          <p>Only the household's admin can open this page.</p>
          <A href="/drive" class="button">
            Go to Drive
          </A>
        </div>
      }
    >
      <nav class="tabs" aria-label="Admin">
        <A href="/admin/users" class="tabs__tab" data-testid="admin-tab-users">
          <Icon name="users" />
          People
        </A>
        <A href="/admin/audit" class="tabs__tab" data-testid="admin-tab-audit">
          <Icon name="shield" />
          Audit log
        </A>
        <A href="/admin/jobs" class="tabs__tab" data-testid="admin-tab-jobs">
          <Icon name="retry" />
          Jobs
        </A>
        <A href="/admin/storage" class="tabs__tab" data-testid="admin-tab-storage">
          <Icon name="archive" />
          Storage
        </A>
        <A href="/admin/updates" class="tabs__tab" data-testid="admin-tab-updates">
          <Icon name="download" />
          Updates
        </A>
      </nav>
      {props.children}
    </Show>
  );
}
