/**
 * Keeping sqld's streams open between statements. The libSQL HTTP client opens a Hrana stream for
 * every statement or batch and closes it in the same request; sqld opens a fresh SQLite connection
 * for each stream, which reads Hearth's schema (128 tables, indexes and triggers) every time:
 * 1.3–1.5 ms of sqld's CPU per round trip, against 0.28 ms on a stream that stays open. Under
 * load that was most of sqld's work and the bottleneck of every listing (tests/load).
 *
 * So a one-shot pipeline (no baton, ending in `close`) is sent on a stream kept from an earlier
 * one, without its `close`, and the answer is given back to the client as if the stream had been
 * closed. A stream is kept only while nothing can leak from one use to the next: SQLite is in
 * autocommit (no transaction left open: asked with `get_autocommit` in the same round trip), the
 * SQL stored for the pipeline is released, and no statement touched connection state (PRAGMA,
 * ATTACH, temporary tables) — such pipelines go as they came. A stream sqld has let expire (10 s
 * idle) or forgotten (restarted) is refused before anything runs, so the pipeline is sent again on
 * a new one; so is a statement that met an I/O error on a kept stream (see below). Only batons
 * (strings) are kept between requests, never a connection: workerd allows no I/O object to outlive
 * its request.
 */

/** sqld lets a stream expire after 10 s idle; one idle longer than this is not used again. */
const IDLE_MS = 8_000;
/** When sqld has surely let go of a stream no longer used (its 10 s, and a margin). */
const GONE_MS = 11_000;
/**
 * Streams per database URL in this isolate: idle, in use, and left to expire in sqld. Each is one
 * SQLite connection in sqld, which allows 128 in all (over every isolate and media process); past
 * this a pipeline goes on a stream of its own, closed at once, as the client does by itself.
 */
const MAX_STREAMS = 16;
/** Statements that change the connection rather than the database. */
const CONNECTION_STATE = /\b(PRAGMA|ATTACH|DETACH|TEMP|TEMPORARY)\b/i;

interface KeptStream {
  baton: string;
  baseUrl: string | null;
  idleSince: number;
}

interface HranaRequest {
  type: string;
  sql_id?: number;
}

interface PipelineBody {
  /** Absent (or null) on a stream's first pipeline. */
  baton?: string | null;
  requests: HranaRequest[];
}

interface PipelineAnswer {
  baton: string | null;
  base_url: string | null;
  results: PipelineResult[];
}

interface PipelineResult {
  type: string;
  error?: { code?: string };
  response?: {
    type: string;
    is_autocommit?: boolean;
    result?: { step_errors?: Array<{ code?: string } | null> };
  };
}

/** Whether a result is SQLite's I/O error: the statement's own, or a batch step's. Rows are never read. */
function metIoError(result: PipelineResult): boolean {
  const isIo = (code: string | undefined) => code?.startsWith("SQLITE_IOERR") === true;
  if (result.type === "error") return isIo(result.error?.code);
  return result.response?.result?.step_errors?.some((error) => isIo(error?.code ?? undefined)) ?? false;
}

/** One database's streams: those idle, how many are lent to a pipeline now, and when those left to expire are gone. */
interface Streams {
  idle: KeptStream[];
  lent: number;
  expiring: number[];
}

const byDatabase = new Map<string, Streams>();

/**
 * A stream for one pipeline: a kept one, or null for a new one to keep; undefined when this
 * isolate already holds as many as it may (the pipeline then goes on a stream of its own).
 */
function borrow(streams: Streams): KeptStream | null | undefined {
  const now = Date.now();
  streams.expiring = streams.expiring.filter((gone) => gone > now);
  while (streams.idle.length) {
    const stream = streams.idle.pop()!;
    if (now - stream.idleSince >= IDLE_MS) {
      // sqld still holds its connection until it expires it.
      streams.expiring.push(stream.idleSince + GONE_MS);
      continue;
    }
    streams.lent++;
    return stream;
  }
  if (streams.lent + streams.expiring.length >= MAX_STREAMS) return undefined;
  streams.lent++;
  return null;
}

function giveBack(streams: Streams, stream: Omit<KeptStream, "idleSince"> | undefined): void {
  streams.lent--;
  if (stream) streams.idle.push({ ...stream, idleSince: Date.now() });
}

/** sqld's answer to a baton it no longer knows: nothing in the pipeline ran. */
async function isStaleBaton(response: Response): Promise<boolean> {
  if (response.status !== 400) return false;
  const text = await response.clone().text();
  return text.includes("STREAM_EXPIRED") || text.includes("invalid baton");
}

/** A one-shot pipeline that may go on a kept stream: its parsed body, or undefined. */
function poolable(path: string, body: string): PipelineBody | undefined {
  if (!path.endsWith("/v2/pipeline") || CONNECTION_STATE.test(body)) return undefined;
  const parsed = JSON.parse(body) as PipelineBody;
  if (parsed.baton != null || parsed.requests.at(-1)?.type !== "close") return undefined;
  return parsed;
}

/**
 * `send` (the client's fetch) with one-shot pipelines sent on kept streams; everything else, and
 * every pipeline sqld cannot take that way, goes through `send` unchanged.
 */
export function keepingStreams(
  send: (input: Request | string | URL, init?: RequestInit) => Promise<Response>,
): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method !== "POST") return send(request);
    const url = new URL(request.url);
    const text = await request.text();
    const pipeline = poolable(url.pathname, text);
    if (!pipeline) return send(new Request(request, { body: text }));

    const key = `${url.origin}${request.headers.get("authorization") ?? ""}`;
    const streams = byDatabase.get(key) ?? { idle: [], lent: 0, expiring: [] };
    byDatabase.set(key, streams);
    const stream = borrow(streams);
    if (stream === undefined) return send(new Request(request, { body: text }));

    const own = pipeline.requests.slice(0, -1);
    const stored = own.filter((r) => r.type === "store_sql").map((r) => ({ type: "close_sql", sql_id: r.sql_id }));
    const requests = [...own, ...stored, { type: "get_autocommit" }];
    const post = (on: KeptStream | null) =>
      send(
        new Request(new URL("v3/pipeline", on?.baseUrl ?? new URL("..", url)), {
          method: "POST",
          headers: request.headers,
          body: JSON.stringify({ baton: on?.baton ?? null, requests }),
        }),
      );

    let kept: Omit<KeptStream, "idleSince"> | undefined;
    try {
      let response = await post(stream);
      if (stream && (await isStaleBaton(response))) response = await post(null);
      if (response.status !== 200) return response;
      const answer = (await response.json()) as PipelineAnswer;
      const autocommit = answer.results.at(-1)?.response?.is_autocommit === true;
      // An I/O error on a connection opened earlier says little (a data folder remounted read-only
      // answers it, where a new connection says SQLITE_READONLY): that stream is dropped, and one
      // statement or batch (atomic, so it changed nothing) is asked again on a stream of its own.
      const ioError = answer.results.some(metIoError);
      if (answer.baton) {
        if (autocommit && !ioError) kept = { baton: answer.baton, baseUrl: answer.base_url };
        else await closeStream(send, request, answer);
      }
      if (ioError && stream && isOneStatementOrBatch(own)) return send(new Request(request, { body: text }));
      const results = [...answer.results.slice(0, own.length), { type: "ok", response: { type: "close" } }];
      return Response.json({ baton: null, base_url: answer.base_url, results });
    } finally {
      giveBack(streams, kept);
    }
  };
}

/** A pipeline of one statement or one batch (with the SQL it stores): all or nothing in SQLite. */
function isOneStatementOrBatch(requests: HranaRequest[]): boolean {
  const work = requests.filter((r) => r.type !== "store_sql");
  return work.length === 1 && (work[0]!.type === "execute" || work[0]!.type === "batch");
}

/** Closes a stream left inside a transaction, so its lock is not held until sqld expires it. */
async function closeStream(
  send: (input: Request) => Promise<Response>,
  request: Request,
  answer: PipelineAnswer,
): Promise<void> {
  const url = new URL("v3/pipeline", answer.base_url ?? new URL("..", new URL(request.url)));
  const closing = await send(
    new Request(url, {
      method: "POST",
      headers: request.headers,
      body: JSON.stringify({ baton: answer.baton, requests: [{ type: "close" }] }),
    }),
  ).catch(() => undefined);
  await closing?.body?.cancel();
}
