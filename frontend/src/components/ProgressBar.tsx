/** A determinate bar; `label` names it for screen readers. */
export function ProgressBar(props: { percent: number; label: string; tone?: "error" | "done"; class?: string }) {
  const clamped = () => Math.max(0, Math.min(100, Math.round(props.percent)));
  return (
    <div
      class={`progress ${props.tone ? "progress--" + props.tone : ""} ${props.class ?? ""}`}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped()}
    >
      <div class="progress__fill" style={{ width: `${clamped()}%` }} />
    </div>
  );
}
