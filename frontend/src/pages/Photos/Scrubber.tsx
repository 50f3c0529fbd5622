import type { PhotoMonth } from "@hearth/contract";
import { createMemo, createSignal, For, Show } from "solid-js";
import { monthLabel } from "./labels";

interface ScrubberProps {
  months: PhotoMonth[];
  current: string | null;
  onJump(month: string): void;
}

/**
 * The right edge of the timeline: years at their place in the library, a handle at the month on
 * screen, and a track that jumps anywhere at once, by mouse or by thumb (drag along it).
 */
export function Scrubber(props: ScrubberProps) {
  let track!: HTMLDivElement;
  const [hover, setHover] = createSignal<{ month: string; y: number } | null>(null);
  const [dragging, setDragging] = createSignal(false);

  // Each month's share of the track, by its count (with a floor so a one-photo month is reachable).
  const layout = createMemo(() => {
    const weights = props.months.map((m) => Math.max(m.count, 1) + 2);
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    let at = 0;
    return props.months.map((m, i) => {
      const start = at / total;
      at += weights[i]!;
      return { month: m.month, start, end: at / total };
    });
  });
  const years = createMemo(() => {
    const seen = new Map<string, { year: string; month: string; start: number }>();
    for (const m of layout()) {
      const year = m.month.slice(0, 4);
      if (!seen.has(year)) seen.set(year, { year, month: m.month, start: m.start });
    }
    return [...seen.values()];
  });
  const monthAt = (clientY: number) => {
    const box = track.getBoundingClientRect();
    const fraction = Math.min(0.9999, Math.max(0, (clientY - box.top) / box.height));
    const found = layout().find((m) => fraction >= m.start && fraction < m.end) ?? layout().at(-1);
    return found ? { month: found.month, y: clientY - box.top } : null;
  };
  const handleAt = () => layout().find((m) => m.month === props.current)?.start ?? 0;

  const onPointer = (event: PointerEvent) => {
    const at = monthAt(event.clientY);
    setHover(at);
    if (at && (event.type === "pointerdown" || dragging())) props.onJump(at.month);
  };

  return (
    <nav class="scrubber" aria-label="Jump to a date" data-testid="scrubber">
      <div
        ref={track}
        class="scrubber__track"
        classList={{ "scrubber__track--dragging": dragging() }}
        onPointerDown={(event) => {
          track.setPointerCapture(event.pointerId);
          setDragging(true);
          onPointer(event);
        }}
        onPointerMove={onPointer}
        onPointerUp={() => setDragging(false)}
        onPointerCancel={() => setDragging(false)}
        onPointerLeave={() => !dragging() && setHover(null)}
      >
        <For each={years()}>
          {(year) => (
            <button
              type="button"
              class="scrubber__year"
              style={{ top: `${year.start * 100}%` }}
              data-testid="scrubber-year"
              onPointerDown={(event) => event.stopPropagation()}
              onClick={() => props.onJump(year.month)}
            >
              {year.year}
            </button>
          )}
        </For>
        <Show when={props.current}>
          <span class="scrubber__handle" style={{ top: `${handleAt() * 100}%` }} aria-hidden="true" />
        </Show>
        <Show when={hover()}>
          {(at) => (
            <span class="scrubber__tooltip" style={{ top: `${at().y}px` }}>
              {monthLabel(at().month)}
            </span>
          )}
        </Show>
      </div>
    </nav>
  );
}
