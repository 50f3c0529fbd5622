/**
 * Hearth's service worker: the app opens instantly and offline shows what it has.
 *   - the app shell (index.html, network first) and the hashed bundle files (/assets/, cache first);
 *   - thumbnails recently seen (cache first, the newest MAX_THUMBNAILS kept);
 *   - whether and who is signed in, and the Photos timeline's months and pages (network first, the last answer
 *     kept for offline);
 *   - Android's share target: photos shared from the gallery are kept here and the app uploads them.
 * Signing out clears everything but the shell (the page posts "clear-user-data").
 */
const SHELL = "hearth-shell-v1";
const THUMBNAILS = "hearth-thumbnails-v1";
const TIMELINE = "hearth-timeline-v1";
const SHARED = "hearth-shared-v1";
const MAX_THUMBNAILS = 3000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(["/index.html", "/favicon.svg"])));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  const current = [SHELL, THUMBNAILS, TIMELINE, SHARED];
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => !current.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "clear-user-data") {
    event.waitUntil(Promise.all([THUMBNAILS, TIMELINE, SHARED].map((name) => caches.delete(name))));
  }
});

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request, cacheName, limit) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    if (limit) void trim(cache, limit);
  }
  return response;
}

/** Keeps the newest `limit` entries (the cache lists keys in insertion order). */
async function trim(cache, limit) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - limit))) await cache.delete(key);
}

/** A share from Android: keep the files, then open Photos, which uploads them. */
async function receiveShare(request) {
  const form = await request.formData();
  const cache = await caches.open(SHARED);
  let n = 0;
  for (const file of form.getAll("media")) {
    if (!(file instanceof File)) continue;
    const headers = {
      "content-type": file.type || "application/octet-stream",
      "x-file-name": encodeURIComponent(file.name),
    };
    await cache.put(`/shared/${Date.now()}-${n++}`, new Response(file, { headers }));
  }
  return Response.redirect("/photos?shared=1", 303);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/share-target") {
    event.respondWith(receiveShare(request));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    // The app's routes are all index.html; offline, the cached one still starts the app.
    event.respondWith(
      fetch(request).catch(() => caches.match("/index.html").then((cached) => cached || Response.error())),
    );
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(request, SHELL));
  } else if (/^\/api\/files\/[^/]+\/thumbnail$/.test(url.pathname)) {
    event.respondWith(cacheFirst(request, THUMBNAILS, MAX_THUMBNAILS));
  } else if (["/api/setup", "/api/me", "/api/photos", "/api/photos/months"].includes(url.pathname)) {
    event.respondWith(networkFirst(request, TIMELINE));
  }
});
