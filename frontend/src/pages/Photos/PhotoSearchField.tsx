import { useNavigate } from "@solidjs/router";
import { createSignal } from "solid-js";
import { Icon } from "../../components/Icon";

/** The Photos header's search: a place, a date ("July 2019", "summer"), a camera, a file name or an album. */
export function PhotoSearchField(props: { initial?: string }) {
  const navigate = useNavigate();
  const [value, setValue] = createSignal(props.initial ?? "");
  return (
    <form
      class="photo-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        const q = value().trim();
        if (q) navigate(`/photos/search?q=${encodeURIComponent(q)}`);
      }}
    >
      <Icon name="search" />
      <input
        type="search"
        aria-label="Search photos"
        placeholder="Search photos: Lisbon, July 2019, iPhone…"
        value={value()}
        onInput={(event) => setValue(event.currentTarget.value)}
        data-testid="photo-search-input"
      />
    </form>
  );
}
