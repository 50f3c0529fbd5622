import type { SessionInfo } from "@hearth/contract";
import { createSignal } from "solid-js";
import { accountApi } from "../../api/account";

/** The devices signed in to this account, most recently active first. */
export function createSessionList() {
  const [sessions, setSessions] = createSignal<SessionInfo[]>([]);
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal("");

  const sorted = (list: SessionInfo[]) =>
    [...list].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));

  async function reload() {
    setLoading(true);
    try {
      setSessions(sorted((await accountApi.sessions()).sessions));
      setError("");
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }

  /** Ends one other session; it leaves the list at once and comes back if the server refuses. */
  async function revoke(session: SessionInfo) {
    setSessions((list) => list.filter((item) => item.id !== session.id));
    try {
      await accountApi.revokeSession(session.id);
    } catch (err) {
      setSessions((list) => sorted([...list, session]));
      throw err;
    }
  }

  void reload();
  return { sessions, loading, error, reload, revoke };
}

export type SessionList = ReturnType<typeof createSessionList>;
