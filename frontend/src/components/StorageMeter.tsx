import { Show } from "solid-js";
import { useSession } from "../context";
import { formatBytes } from "../format";

/** "1.2 GB of 50 GB used" with a bar; without a quota just the amount. Counts the trash too, as Drive does. */
export function StorageMeter() {
  const session = useSession();
  const used = () => session.user()?.usedBytes ?? 0;
  const quota = () => session.user()?.quotaBytes ?? null;
  const percent = () => {
    const limit = quota();
    return limit ? Math.min(100, (used() / limit) * 100) : 0;
  };
  return (
    <div class="storage" data-testid="storage-usage" data-used={used()} data-quota={quota() ?? ""}>
      <Show when={quota()} fallback={<p class="storage__text">{formatBytes(used())} used</p>}>
        {(limit) => (
          <>
            <div
              class="progress progress--thin"
              classList={{ "progress--error": percent() >= 95 }}
              role="progressbar"
              aria-label="Storage used"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(percent())}
            >
              <div class="progress__fill" style={{ width: `${percent()}%` }} />
            </div>
            <p class="storage__text">
              {formatBytes(used())} of {formatBytes(limit())} used
            </p>
          </>
        )}
      </Show>
    </div>
  );
}
