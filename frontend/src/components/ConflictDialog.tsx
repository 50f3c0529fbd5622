import type { OnConflict } from "@hearth/contract";
import { createSignal, Show } from "solid-js";
import { Dialog } from "./Dialog";

export interface ConflictChoice {
  onConflict: Exclude<OnConflict, "fail">;
  /** Use the same answer for the other clashes of this batch. */
  forAll: boolean;
}

interface ConflictDialogProps {
  name: string;
  /** Where the clash is, e.g. "Photos". */
  folderName: string;
  /** More items of the same batch are still to come. */
  more: boolean;
  onChoose(choice: ConflictChoice | null): void;
}

/** "An item named X already exists here": keep both, replace the old one (to the trash), or stop. */
export function ConflictDialog(props: ConflictDialogProps) {
  const [forAll, setForAll] = createSignal(false);
  const choose = (onConflict: ConflictChoice["onConflict"]) => props.onChoose({ onConflict, forAll: forAll() });
  return (
    <Dialog title="This name is taken" id="conflict" testId="conflict-dialog" onClose={() => props.onChoose(null)}>
      <p class="dialog__text">
        “{props.name}” already exists in {props.folderName}. Keep both (the new one gets a number), or replace the one
        that is there? A replaced item goes to the trash.
      </p>
      <Show when={props.more}>
        <label class="checkbox-field">
          <input type="checkbox" checked={forAll()} onChange={(event) => setForAll(event.currentTarget.checked)} />
          <span>Do this for the other items too</span>
        </label>
      </Show>
      <div class="dialog__actions">
        <button type="button" class="button" onClick={() => props.onChoose(null)}>
          Cancel
        </button>
        <button type="button" class="button" data-testid="conflict-replace" onClick={() => choose("replace")}>
          Replace
        </button>
        <button
          type="button"
          class="button button--primary"
          data-testid="conflict-keep-both"
          onClick={() => choose("keepBoth")}
          autofocus
        >
          Keep both
        </button>
      </div>
    </Dialog>
  );
}
