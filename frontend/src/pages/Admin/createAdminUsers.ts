import type { AdminUser } from "@hearth/contract";
import { createSignal } from "solid-js";
import { adminApi } from "../../api/admin";

const byName = (a: AdminUser, b: AdminUser) =>
  (a.name || a.email).localeCompare(b.name || b.email, undefined, { sensitivity: "base" });

/** Every account of the household, as the admin sees them. */
export function createAdminUsers() {
  const [users, setUsers] = createSignal<AdminUser[]>([]);
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal("");

  async function reload() {
    setLoading(true);
    try {
      setUsers((await adminApi.users()).users.sort(byName));
      setError("");
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }

  void reload();
  return {
    users,
    loading,
    error,
    reload,
    upsert(user: AdminUser) {
      setUsers((list) => [...list.filter((item) => item.id !== user.id), user].sort(byName));
    },
    remove(id: string) {
      setUsers((list) => list.filter((item) => item.id !== id));
    },
  };
}

export type AdminUsers = ReturnType<typeof createAdminUsers>;
