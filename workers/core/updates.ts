/**
 * Admin → Updates. The work is done by the compose stack's updater service (Node, the only part
 * that reaches the Docker Engine); these rules check the admin's input and call it over the
 * stack's internal network with the shared secret, which stays here and never reaches a browser.
 * Without an updater (`docker run`), the version answer carries the two commands to update by hand.
 */
import {
  UPDATE_CHANNELS,
  type ReleaseCheck,
  type ReleasesResponse,
  type UpdateStatus,
  type VersionResponse,
} from "@hearth/contract";
import { badRequest, HttpError } from "../lib/errors";

export interface UpdaterLink {
  /** e.g. `http://updater:8788`; empty without the compose stack. */
  url: string;
  secret: string;
}

/** The two ways to update by hand: the compose stack, and a plain `docker run`. */
export function manualUpdate(image = "IMAGE", tag = "latest"): string[] {
  return [
    "docker compose pull && docker compose up -d",
    `docker pull ${image}:${tag} && docker stop hearth && docker rm hearth && docker run … ${image}:${tag}   (the same options as before)`,
  ];
}

const TAG = /^[A-Za-z0-9._-]{1,128}$/;
const ID = /^[0-9a-f-]{36}$/;

function noUpdater(): HttpError {
  return new HttpError(
    409,
    "no_updater",
    `This Hearth runs without the compose stack's updater, so it cannot update itself. Update by hand: ${manualUpdate()[0]}`,
  );
}

async function callUpdater<T>(
  link: UpdaterLink | undefined,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  if (!link?.url) throw noUpdater();
  let response: Response;
  try {
    response = await fetch(`${link.url}${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${link.secret}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    throw new HttpError(502, "updater_unreachable", `The updater does not answer (${(error as Error).message}).`);
  }
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) {
    // The updater's own refusals (409 running, 400 unknown version) reach the admin as they are.
    const status = response.status === 401 ? 502 : response.status;
    throw new HttpError(
      status,
      body?.error?.code ?? "updater_error",
      body?.error?.message ?? `The updater answered ${response.status}.`,
    );
  }
  return body as T;
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest("invalid_json", "Send a JSON object.");
  return body as Record<string, unknown>;
}

function updateId(value: unknown): string {
  if (typeof value !== "string" || !ID.test(value))
    throw badRequest("bad_update_id", "update_id must be an update's id.");
  return value;
}

/**
 * `GET /api/admin/version`: what runs, what is newest, and the last update's result. Without the
 * updater, "newest" is the supervisor's own daily look at the registry (`check`), and the answer
 * carries the commands that update by hand to it.
 */
export async function versionInfo(
  link: UpdaterLink | undefined,
  runningVersion: string,
  check: ReleaseCheck | null = null,
): Promise<VersionResponse> {
  if (!link?.url) {
    return {
      current: { tag: runningVersion, digest: "" },
      latest: check?.latest ?? null,
      channel: null,
      update_available: check?.update_available ?? false,
      running: null,
      last_update: null,
      updater: false,
      manual_update: manualUpdate(check?.image || undefined, check?.latest?.tag),
      checked_at: check?.checked_at ?? null,
      check_error: check?.error ?? null,
    };
  }
  const answer = await callUpdater<Omit<VersionResponse, "updater" | "manual_update">>(link, "/version");
  return { ...answer, updater: true, manual_update: manualUpdate() };
}

/** `POST /api/admin/update/start`. */
export async function startUpdate(link: UpdaterLink | undefined, input: unknown): Promise<UpdateStatus> {
  const body = object(input);
  if (body.target_version !== undefined && (typeof body.target_version !== "string" || !TAG.test(body.target_version)))
    throw badRequest("bad_version", "target_version must be a version such as 1.4.0.");
  if (body.channel !== undefined && !UPDATE_CHANNELS.includes(body.channel as never))
    throw badRequest("bad_channel", `channel must be one of ${UPDATE_CHANNELS.join(", ")}.`);
  if (body.force !== undefined && typeof body.force !== "boolean")
    throw badRequest("bad_force", "force must be true or false.");
  return callUpdater(link, "/updates", {
    method: "POST",
    body: { target_version: body.target_version, channel: body.channel, force: body.force },
  });
}

export async function updateStatus(link: UpdaterLink | undefined, id: unknown): Promise<UpdateStatus> {
  return callUpdater(link, `/updates/${updateId(id)}`);
}

/** The updater's event stream for one update, passed through as it comes. */
export async function updateEvents(link: UpdaterLink | undefined, id: unknown): Promise<ReadableStream<Uint8Array>> {
  const checked = updateId(id);
  if (!link?.url) throw noUpdater();
  const response = await fetch(`${link.url}/updates/${checked}/events`, {
    headers: { authorization: `Bearer ${link.secret}` },
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new HttpError(
      response.status === 404 ? 404 : 502,
      body?.error?.code ?? "updater_error",
      body?.error?.message ?? "No such update.",
    );
  }
  return response.body;
}

export async function cancelUpdate(link: UpdaterLink | undefined, input: unknown): Promise<UpdateStatus> {
  return callUpdater(link, `/updates/${updateId(object(input).update_id)}/cancel`, { method: "POST" });
}

export async function listReleases(link: UpdaterLink | undefined): Promise<ReleasesResponse> {
  return callUpdater(link, "/releases");
}

export async function rollBackTo(link: UpdaterLink | undefined, input: unknown): Promise<UpdateStatus> {
  const tag = object(input).tag;
  if (typeof tag !== "string" || !TAG.test(tag))
    throw badRequest("bad_version", "tag must be a version kept on this machine.");
  return callUpdater(link, "/rollback", { method: "POST", body: { tag } });
}

export async function setKeptImages(
  link: UpdaterLink | undefined,
  input: unknown,
): Promise<{ keep_images: number; pruned: string[] }> {
  const keep = object(input).keep_images;
  if (!Number.isInteger(keep) || (keep as number) < 1 || (keep as number) > 50)
    throw badRequest("bad_keep", "keep_images must be a whole number from 1 to 50.");
  return callUpdater(link, "/settings", { method: "PUT", body: { keep_images: keep } });
}
