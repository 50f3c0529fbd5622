import { createSignal, For, onCleanup, Show } from "solid-js";
import { Icon } from "./Icon";
import "./Menu.css";
import "./ActionMenu.css";

export interface MenuAction {
  label: string;
  onSelect(): void;
  danger?: boolean;
  testId?: string;
}

/** A "⋯" button opening a small menu; arrow keys move, Esc closes and returns focus. */
export function ActionMenu(props: { label: string; actions: MenuAction[]; testId?: string }) {
  const [open, setOpen] = createSignal(false);
  let root!: HTMLDivElement;
  let trigger!: HTMLButtonElement;

  const items = () => [...root.querySelectorAll<HTMLButtonElement>("[role=menuitem]")];

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) trigger.focus();
  };

  const onOutside = (event: PointerEvent) => {
    if (!root.contains(event.target as Node)) close(false);
  };
  document.addEventListener("pointerdown", onOutside);
  onCleanup(() => document.removeEventListener("pointerdown", onOutside));

  const toggle = () => {
    setOpen(!open());
    if (open()) items()[0]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!open()) return;
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      list[(index + step + list.length) % list.length]?.focus();
    } else if (event.key === "Tab") {
      close(false);
    }
  };

  return (
    <div class="action-menu" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={trigger}
        type="button"
        class="icon-button"
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={open()}
        onClick={toggle}
        data-testid={props.testId}
      >
        <Icon name="more" />
      </button>
      <Show when={open()}>
        <ul class="action-menu__list" role="menu" aria-label={props.label}>
          <For each={props.actions}>
            {(action) => (
              <li role="none">
                <button
                  type="button"
                  role="menuitem"
                  class="action-menu__item"
                  classList={{ "action-menu__item--danger": action.danger }}
                  data-testid={action.testId}
                  onClick={() => {
                    close(true);
                    action.onSelect();
                  }}
                >
                  {action.label}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
