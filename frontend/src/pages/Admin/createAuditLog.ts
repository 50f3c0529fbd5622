import type { AuditEntry } from "@hearth/contract";
import { createEffect, createSignal, on, type Accessor } from "solid-js";
import { adminApi } from "../../api/admin";

export interface AuditFilters {
  /** A user id, or "" for everyone. */
  user: string;
  /** An action or its start ("login" finds "login.failed" too), or "" for all. */
  action: string;
}

const PAGE_SIZE = 50;

/** The audit log, newest first, one page at a time; new filters start again from the top. */
export function createAuditLog(filters: Accessor<AuditFilters>) {
  const [entries, setEntries] = createSignal<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = createSignal<number | null>(null);
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal("");
  // Every action seen so far, to suggest as filters.
  const [actionsSeen, setActionsSeen] = createSignal<string[]>([]);
  let generation = 0;

  function remember(list: AuditEntry[]) {
    const known = new Set(actionsSeen());
    for (const entry of list) {
      // "admin.user.create" also offers "admin" and "admin.user".
      const parts = entry.action.split(".");
      for (let i = 1; i <= parts.length; i++) known.add(parts.slice(0, i).join("."));
    }
    if (known.size !== actionsSeen().length) setActionsSeen([...known].sort());
  }

  async function load(older: boolean) {
    const current = ++generation;
    const { user, action } = filters();
    setLoading(true);
    try {
      const page = await adminApi.audit({
        user: user || undefined,
        action: action.trim() || undefined,
        before: older ? (nextBefore() ?? undefined) : undefined,
        limit: PAGE_SIZE,
      });
      if (current !== generation) return;
      setEntries(older ? [...entries(), ...page.entries] : page.entries);
      setNextBefore(page.nextBefore);
      remember(page.entries);
      setError("");
    } catch (err) {
      if (current !== generation) return;
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (current === generation) setLoading(false);
    }
  }

  createEffect(on(filters, () => void load(false)));

  return {
    entries,
    loading,
    error,
    actionsSeen,
    hasOlder: () => nextBefore() !== null,
    loadOlder: () => load(true),
    reload: () => load(false),
  };
}
