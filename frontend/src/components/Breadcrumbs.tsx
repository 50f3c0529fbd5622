import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { createDropTarget } from "../stores/itemDrag";
import type { Crumb } from "../stores/folderNames";
import { folderHref } from "./FileRow";
import { Icon } from "./Icon";
import "./Breadcrumbs.css";

/**
 * The trail from My Drive to the open folder. Every crumb but the last is a link and a drop
 * target: drag items onto "My Drive" or a parent to move them up.
 */
export function Breadcrumbs(props: { path: Crumb[]; href?(id: string | null): string; droppable?: boolean }) {
  return (
    <nav class="breadcrumbs" aria-label="Folder path" data-testid="breadcrumbs">
      <ol>
        <For each={props.path}>
          {(crumb, index) => {
            const last = () => index() === props.path.length - 1;
            const drop = createDropTarget(() => (props.droppable && !last() ? crumb.id : undefined));
            return (
              <li>
                <Show when={index() > 0}>
                  <Icon name="chevron" class="breadcrumbs__sep" />
                </Show>
                <Show
                  when={!last()}
                  fallback={
                    <h1 aria-current="page" data-testid="breadcrumb" data-id={crumb.id ?? "root"}>
                      {crumb.name}
                    </h1>
                  }
                >
                  <A
                    href={(props.href ?? folderHref)(crumb.id)}
                    end
                    data-testid="breadcrumb"
                    data-id={crumb.id ?? "root"}
                    classList={{ breadcrumbs__drop: drop.over() }}
                    {...drop.handlers}
                  >
                    {crumb.name}
                  </A>
                </Show>
              </li>
            );
          }}
        </For>
      </ol>
    </nav>
  );
}
