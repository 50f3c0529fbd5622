import { useLocation, useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, on, onCleanup } from "solid-js";
import { requestResultsFocus } from "../stores/searchFocus";
import { Icon } from "./Icon";

const DEBOUNCE_MS = 250;

/**
 * The header's search: results follow the typing (debounced) on /search?q=, Enter or ↓ hands
 * the keyboard to the results, Esc clears, "/" anywhere jumps here.
 */
export function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams<{ q?: string }>();
  const onSearchPage = () => location.pathname === "/search";
  const [value, setValue] = createSignal(onSearchPage() ? (params.q ?? "") : "");
  let input!: HTMLInputElement;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Leaving the results clears the box; Back into them shows their query again.
  createEffect(
    on(
      () => [location.pathname, params.q] as const,
      ([path, q]) => {
        if (path !== "/search") setValue("");
        else if (document.activeElement !== input) setValue(q ?? "");
      },
    ),
  );

  const search = (text: string) => {
    clearTimeout(timer);
    const q = text.trim();
    const target = q ? `/search?q=${encodeURIComponent(q)}` : "/search";
    if (location.pathname + location.search !== target) navigate(target, { replace: onSearchPage() });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      search(value());
      requestResultsFocus();
    } else if (event.key === "ArrowDown" && onSearchPage()) {
      event.preventDefault();
      requestResultsFocus();
    } else if (event.key === "Escape") {
      setValue("");
      input.blur();
    }
  };

  const onSlash = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.closest("input, textarea, select, [contenteditable], dialog")) return;
    event.preventDefault();
    input.focus();
    input.select();
  };
  document.addEventListener("keydown", onSlash);
  onCleanup(() => {
    clearTimeout(timer);
    document.removeEventListener("keydown", onSlash);
  });

  return (
    <form class="search-box" role="search" onSubmit={(event) => event.preventDefault()}>
      <Icon name="search" class="search-box__icon" />
      <input
        ref={input}
        type="search"
        class="search-box__input"
        placeholder="Search in Drive"
        aria-label="Search files and folders"
        autocomplete="off"
        spellcheck={false}
        enterkeyhint="search"
        value={value()}
        onInput={(event) => {
          const text = event.currentTarget.value;
          setValue(text);
          clearTimeout(timer);
          timer = setTimeout(() => search(text), DEBOUNCE_MS);
        }}
        onKeyDown={onKeyDown}
        data-testid="search-input"
      />
      <kbd class="search-box__hint" aria-hidden="true">
        /
      </kbd>
    </form>
  );
}
