import type { FileItem } from "@hearth/contract";
import { Show } from "solid-js";
import type { ContentSource } from "../api/shares";
import { Icon } from "./Icon";
import { Slideshow } from "./Slideshow";

/** What a page asks to play: its photos (a list that may grow, for a paged source) and where to start. */
export interface SlideshowPlan {
  items: () => FileItem[];
  start: number;
  loadMore?: () => Promise<boolean>;
  source?: ContentSource;
  caption?: (item: FileItem) => string | undefined;
}

/** A list a page already holds (an album, a selection, memories) as a plan. */
export const listSlides = (list: FileItem[], start = 0, extra: Partial<SlideshowPlan> = {}): SlideshowPlan => ({
  items: () => list,
  start,
  ...extra,
});

/** The slideshow of a page's plan, while it has one. */
export function PlannedSlideshow(props: { plan: SlideshowPlan | null; onClose(): void }) {
  return (
    <Show when={props.plan} keyed>
      {(plan) => (
        <Slideshow
          items={plan.items()}
          start={plan.start}
          loadMore={plan.loadMore}
          source={plan.source}
          caption={plan.caption}
          onClose={props.onClose}
        />
      )}
    </Show>
  );
}

/** The button that starts a grid's slideshow. */
export function SlideshowButton(props: { onClick(): void; testId: string; disabled?: boolean }) {
  return (
    <button
      type="button"
      class="button"
      data-testid={props.testId}
      disabled={props.disabled}
      onClick={() => props.onClick()}
    >
      <Icon name="slideshow" /> Slideshow
    </button>
  );
}
