import type { HearthEvent, ReceivedPartnerShare } from "@hearth/contract";
import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createMemo, createResource, createSignal, Match, Show, Switch } from "solid-js";
import { partnersApi } from "../../api/partners";
import { Icon } from "../../components/Icon";
import { Lightbox } from "../../components/Lightbox";
import { Spinner } from "../../components/Spinner";
import { useWorkspace } from "../../context";
import { createSelection } from "../../stores/createSelection";
import { createTimeline } from "../../stores/createTimeline";
import { createPhotoWindow } from "../Photos/createPhotoWindow";
import { Scrubber } from "../Photos/Scrubber";
import { TimelineGrid } from "../Photos/TimelineGrid";
import "../Photos/PhotosPage.css";
import "./Partners.css";

/**
 * A partner's photos, browsed apart from your own (partner sharing): the same timeline, scrubber
 * and lightbox, read through the share; "Show in my timeline" and "Stop" from the header. The page
 * empties at once when the share ends, from either side.
 */
export function PartnerPhotosPage() {
  const params = useParams<{ userId: string }>();
  const ownerId = params.userId;
  const { hub, toasts } = useWorkspace();
  const navigate = useNavigate();
  const [share, { refetch }] = createResource(
    async (): Promise<ReceivedPartnerShare | null> =>
      (await partnersApi.list()).sharedWithMe.find((s) => s.user.id === ownerId) ?? null,
  );
  hub.listen((event: HearthEvent) => {
    if (event.type === "partners.changed") void refetch();
  });
  const timeline = createTimeline(hub, false, {
    months: () => partnersApi.months(ownerId),
    page: (page) => partnersApi.page(ownerId, page),
  });
  const [search, setSearch] = useSearchParams<{ month?: string }>();
  const [jumpTo, setJumpTo] = createSignal<{ month: string; at: number } | null>(
    search.month ? { month: search.month, at: 0 } : null,
  );
  const [topMonth, setTopMonth] = createSignal<string | null>(search.month ?? null);
  const loaded = createMemo(() => timeline.loaded());
  const selection = createSelection(loaded);
  const lightbox = createPhotoWindow(toasts.error, (id, count) => partnersApi.neighbours(ownerId, id, count));
  const name = () => share()?.user.name ?? "Partner";
  document.title = "Partner's photos – Hearth";

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await refetch();
    } catch (error) {
      toasts.error(error instanceof Error ? error.message : String(error));
    }
  };
  const count = () => timeline.months().reduce((sum, m) => sum + m.count, 0);

  return (
    <section class="photos partner-photos" aria-labelledby="partner-title">
      <div class="page-header">
        <div class="album-page__title">
          <A class="muted" href="/photos/sharing">
            ← Sharing
          </A>
          <h1 id="partner-title" class="page-header__title" data-testid="partner-title">
            <span class="partner-photos__label">Partner</span> {name()}
          </h1>
          <Show when={count()}>
            <p class="muted" data-testid="photos-count">
              {count().toLocaleString()} {count() === 1 ? "item" : "items"}
            </p>
          </Show>
        </div>
        <Show when={share()}>
          {(current) => (
            <div class="page-header__actions">
              <label class="sharing__toggle">
                <input
                  type="checkbox"
                  checked={current().showInTimeline}
                  onChange={(event) =>
                    void act(() => partnersApi.setShowInTimeline(ownerId, event.currentTarget.checked))
                  }
                  data-testid="partner-show-in-timeline"
                />
                Show in my timeline
              </label>
              <button
                type="button"
                class="button button--danger"
                data-testid="partner-stop"
                onClick={() =>
                  void act(async () => {
                    await partnersApi.stop(ownerId, "received");
                    navigate("/photos/sharing");
                  })
                }
              >
                Stop
              </button>
            </div>
          )}
        </Show>
      </div>
      <Switch>
        <Match when={share.state === "ready" && share() === null}>
          <div class="empty-state" role="alert" data-testid="partner-gone">
            <Icon name="photos" class="empty-state__icon" />
            <p>No one by that name shares their photos with you (any more).</p>
            <A class="button" href="/photos/sharing">
              Sharing
            </A>
          </div>
        </Match>
        <Match when={!timeline.ready() || !share()}>
          <div class="empty-state">
            <Spinner label="Loading photos…" />
          </div>
        </Match>
        <Match when={timeline.months().length === 0}>
          <div class="empty-state" data-testid="photos-empty">
            <Icon name="photos" class="empty-state__icon" />
            <p>{name()} shares no photos with you yet.</p>
          </div>
        </Match>
        <Match when={true}>
          <div class="photos__body">
            <TimelineGrid
              timeline={timeline}
              onOpen={(item) => lightbox.open(item.id, loaded())}
              selection={selection}
              jumpTo={jumpTo()}
              onTopMonth={(month) => {
                if (month === topMonth()) return;
                setTopMonth(month);
                setSearch({ month }, { replace: true });
              }}
            />
            <Scrubber
              months={timeline.months()}
              current={topMonth()}
              onJump={(month) => {
                setJumpTo({ month, at: Date.now() });
                setTopMonth(month);
              }}
            />
          </div>
        </Match>
      </Switch>
      <Show when={lightbox.index() >= 0}>
        <Lightbox
          items={lightbox.items()}
          index={lightbox.index()}
          onIndex={(index) => lightbox.moveTo(index)}
          onClose={() => lightbox.close()}
        />
      </Show>
    </section>
  );
}
