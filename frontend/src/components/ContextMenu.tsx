import { For, onCleanup, onMount, Show, type JSX } from "solid-js";
import type { IconName } from "./Icon";
import { Icon } from "./Icon";
import "./Menu.css";
import "./ContextMenu.css";

export interface ContextMenuItem {
  label: string;
  icon?: IconName;
  onSelect(): void;
  danger?: boolean;
  testId?: string;
  /** Inner hook kept for older tests (`file-rename`, `file-trash`); the item's own is `testId`. */
  legacyTestId?: string;
  /** A hint on the right, e.g. the shortcut. */
  hint?: string;
  /** Draws a separator above this item. */
  separated?: boolean;
}

interface ContextMenuProps {
  x: number;
  y: number;
  items: ContextMenuItem[];
  label: string;
  onClose(): void;
}

/**
 * A menu at the pointer (or under a "⋯" button), kept inside the window. Arrow keys move,
 * Enter picks, Esc, a click outside, scrolling or resizing close it.
 */
export function ContextMenu(props: ContextMenuProps): JSX.Element {
  let menu!: HTMLUListElement;
  const buttons = () => [...menu.querySelectorAll<HTMLButtonElement>("[role=menuitem]")];

  onMount(() => {
    const { innerWidth, innerHeight } = window;
    const rect = menu.getBoundingClientRect();
    const left = Math.max(8, Math.min(props.x, innerWidth - rect.width - 8));
    const top = props.y + rect.height > innerHeight - 8 ? Math.max(8, props.y - rect.height) : props.y;
    menu.style.left = `${left}px`;
    menu.style.top = `${top}px`;
    menu.style.visibility = "visible";
    buttons()[0]?.focus({ preventScroll: true });

    const close = () => props.onClose();
    const onPointerDown = (event: PointerEvent) => {
      if (!menu.contains(event.target as Node)) close();
    };
    document.addEventListener("pointerdown", onPointerDown, true);
    window.addEventListener("resize", close);
    window.addEventListener("blur", close);
    // A scroll that was already under way when the menu opened (its row scrolled into view) is not the user's.
    const listenForScroll = setTimeout(() => document.addEventListener("scroll", close, true), 250);
    onCleanup(() => {
      clearTimeout(listenForScroll);
      document.removeEventListener("pointerdown", onPointerDown, true);
      window.removeEventListener("resize", close);
      window.removeEventListener("blur", close);
      document.removeEventListener("scroll", close, true);
    });
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const list = buttons();
    const index = list.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => list[(to + list.length) % list.length]?.focus();
    switch (event.key) {
      case "Escape":
      case "Tab":
        props.onClose();
        break;
      case "ArrowDown":
        move(index + 1);
        break;
      case "ArrowUp":
        move(index - 1);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(list.length - 1);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <ul
      ref={menu}
      class="context-menu"
      role="menu"
      aria-label={props.label}
      data-testid="context-menu"
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      <For each={props.items}>
        {(item) => (
          <li role="none" classList={{ "context-menu__separated": item.separated }}>
            <button
              type="button"
              role="menuitem"
              class="context-menu__item"
              classList={{ "context-menu__item--danger": item.danger }}
              data-testid={item.testId}
              onClick={() => {
                props.onClose();
                item.onSelect();
              }}
            >
              <Show when={item.icon} fallback={<span class="icon" />}>
                {(icon) => <Icon name={icon()} />}
              </Show>
              <span class="context-menu__label" data-testid={item.legacyTestId}>
                {item.label}
              </span>
              <Show when={item.hint}>
                <kbd class="context-menu__hint">{item.hint}</kbd>
              </Show>
            </button>
          </li>
        )}
      </For>
    </ul>
  );
}
