/** The installable app: the service worker (public/sw.js), Android shares, and clearing on sign-out. */

/** Registers the service worker (built app only: the dev server's modules must not be cached). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch((error) => console.warn("service worker not registered:", error));
  });
}

/** Forgets the signed-in user's cached thumbnails and timeline (on sign-out), keeping the app shell. */
export function clearOfflineData(): void {
  navigator.serviceWorker?.controller?.postMessage("clear-user-data");
}

/** Files shared to Hearth from another app (Android's share sheet), taken out of the service worker's keeping. */
export async function takeSharedFiles(): Promise<File[]> {
  if (!("caches" in window)) return [];
  const cache = await caches.open("hearth-shared-v1");
  const files: File[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (response) {
      const name = decodeURIComponent(response.headers.get("x-file-name") ?? "shared");
      files.push(new File([await response.blob()], name, { type: response.headers.get("content-type") ?? "" }));
    }
    await cache.delete(request);
  }
  return files;
}
