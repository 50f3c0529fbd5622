import { Match, Switch } from "solid-js";
import type { ServerStatusResponse } from "@hearth/contract";
import { Icon } from "./Icon";

/** The banner over every page while Hearth cannot save: its data folder is read-only, or its disk is full. */
export function StorageBanner(props: { status: ServerStatusResponse }) {
  return (
    <Switch>
      <Match when={props.status.readOnly}>
        <div class="storage-banner" role="alert" data-testid="storage-banner" data-state="read-only">
          <Icon name="lock" />
          <p>
            <strong>Hearth is read-only right now.</strong> Its data folder cannot be written, so nothing can be
            uploaded, changed or deleted. You can still view and download everything. Whoever runs Hearth should check
            its disk.
          </p>
        </div>
      </Match>
      <Match when={props.status.diskFull}>
        <div class="storage-banner" role="alert" data-testid="storage-banner" data-state="disk-full">
          <Icon name="archive" />
          <p>
            <strong>Hearth's disk is full.</strong> Nothing new can be saved until whoever runs Hearth frees some space.
            Everything already stored is safe and can be viewed.
          </p>
        </div>
      </Match>
    </Switch>
  );
}
