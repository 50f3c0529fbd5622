/**
 * Whether Hearth can save anything right now (`GET /api/status`): asked on sign-in, every
 * STATUS_POLL_SECONDS, and at once when a change is refused because the disk is full or read-only,
 * so the banner appears with the first refusal and goes away by itself once the disk is fixed.
 */
import { READ_ONLY, STATUS_POLL_SECONDS, type ServerStatusResponse } from "@hearth/contract";
import { createSignal, onCleanup, onMount } from "solid-js";
import { api, setStorageTroubleHandler } from "../api/client";

export function createServerStatus() {
  const [status, setStatus] = createSignal<ServerStatusResponse>({ readOnly: false, diskFull: false });
  const refresh = () =>
    api.status().then(
      (next) => setStatus(next),
      () => {}, // offline or signed out: the connection indicator says so
    );
  // Read-only is news even before the status answers: show it now, then let the server confirm. A
  // 507 may only mean that one big file does not fit: the server says whether the disk is full.
  setStorageTroubleHandler((code) => {
    if (code === READ_ONLY) setStatus({ readOnly: true, diskFull: false });
    void refresh();
  });
  onMount(() => void refresh());
  const timer = setInterval(() => void refresh(), STATUS_POLL_SECONDS * 1000);
  onCleanup(() => {
    clearInterval(timer);
    setStorageTroubleHandler(null);
  });
  return { status, refresh };
}
