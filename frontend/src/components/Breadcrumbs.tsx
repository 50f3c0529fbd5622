import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { Crumb } from "../stores/folderNames";
import { folderHref } from "./FileRow";
import { Icon } from "./Icon";

export function Breadcrumbs(props: { path: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Folder path" data-testid="breadcrumbs">
      <ol>
        <For each={props.path}>
          {(crumb, index) => {
            const last = () => index() === props.path.length - 1;
            return (
              <li>
                <Show when={index() > 0}>
                  <Icon name="chevron" class="breadcrumbs__sep" />
                </Show>
                <Show when={!last()} fallback={<h1 aria-current="page">{crumb.name}</h1>}>
                  <A href={folderHref(crumb.id)} end>
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
