/** The Photos routes: the timeline's months and pages, the archive, a photo's neighbours, archiving, places, search and memories. */
import { Hono } from "hono";
import type { ApiBindings } from "../lib/env";
import { listArchive, listMonths, listTimeline, neighboursOf, setArchived } from "../core/photos";
import type { AuthVariables } from "../http/session";
import { searchPhotos } from "../core/photo-search";
import { listPlaces, mapSettings } from "../core/places";
import { listMemories } from "../core/memories";

type Env = { Bindings: ApiBindings; Variables: AuthVariables };

/** `?month=&before=&limit=` as core/photos.ts reads them. */
const pageQuery = (query: (name: string) => string | undefined) => ({
  month: query("month"),
  before: query("before"),
  limit: query("limit"),
});

export const photoRoutes = new Hono<Env>()
  .get("/photos", async (c) =>
    c.json(
      await listTimeline(
        c.var.services,
        c.var.user.id,
        pageQuery((name) => c.req.query(name)),
      ),
    ),
  )
  .get("/photos/months", async (c) => c.json(await listMonths(c.var.services, c.var.user.id)))
  .get("/photos/memories", async (c) =>
    c.json(await listMemories(c.var.services, c.var.user.id, { date: c.req.query("date") })),
  )
  .get("/photos/archive", async (c) =>
    c.json(
      await listArchive(
        c.var.services,
        c.var.user.id,
        pageQuery((name) => c.req.query(name)),
      ),
    ),
  )
  .get("/photos/search", async (c) =>
    c.json(
      await searchPhotos(c.var.services, c.var.user.id, {
        q: c.req.query("q"),
        area: c.req.query("area"),
        before: c.req.query("before"),
        limit: c.req.query("limit"),
      }),
    ),
  )
  .get("/photos/map", async (c) => c.json(await mapSettings(c.var.services)))
  .get("/photos/places", async (c) =>
    c.json(await listPlaces(c.var.services, c.var.user.id, { bbox: c.req.query("bbox"), zoom: c.req.query("zoom") })),
  )
  .get("/photos/:id/neighbours", async (c) =>
    c.json(await neighboursOf(c.var.services, c.var.user.id, c.req.param("id"), c.req.query("count"))),
  )
  .on(["PUT", "DELETE"], "/files/:id/archive", async (c) =>
    c.json(await setArchived(c.var.services, c.var.user.id, c.req.param("id"), c.req.method === "PUT")),
  );
