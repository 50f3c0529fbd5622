export function Spinner(props: { label?: string; class?: string }) {
  return (
    <span class={props.class ? `spinner ${props.class}` : "spinner"} role="status">
      <span class="visually-hidden">{props.label ?? "Loading…"}</span>
    </span>
  );
}
