import type { FileItem, PhotoNeighboursResponse } from "@hearth/contract";
import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createPhotoWindow } from "./createPhotoWindow";

const photo = (id: string, starred = false) => ({ id, name: `${id}.jpg`, starred }) as unknown as FileItem;

/** A neighbours request the test answers when it chooses, as a busy server would. */
function slowNeighbours() {
  const waiting: Array<() => void> = [];
  const neighbours = (id: string): Promise<PhotoNeighboursResponse> =>
    new Promise((resolve) =>
      waiting.push(() =>
        resolve({ newer: [], photo: photo(id), older: [photo("b"), photo("c")] } as unknown as PhotoNeighboursResponse),
      ),
    );
  return { neighbours, answer: () => waiting.shift()!() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the lightbox's window of photos", () => {
  it("keeps a change made while its neighbours were on the way", async () => {
    const server = slowNeighbours();
    await createRoot(async (dispose) => {
      const window = createPhotoWindow(() => undefined, server.neighbours);
      window.open("a", [photo("a"), photo("b"), photo("c")]);
      // Favourited and "c" trashed while the request that was sent before is still out.
      window.update(photo("a", true));
      window.remove("c");
      server.answer();
      await settle();
      expect(window.items().map((item) => [item.id, item.starred])).toEqual([
        ["a", true],
        ["b", false],
      ]);
      dispose();
    });
  });

  it("takes the server's answer as it is when nothing changed meanwhile", async () => {
    const server = slowNeighbours();
    await createRoot(async (dispose) => {
      const window = createPhotoWindow(() => undefined, server.neighbours);
      window.open("a", [photo("a")]);
      server.answer();
      await settle();
      expect(window.items().map((item) => item.id)).toEqual(["a", "b", "c"]);
      dispose();
    });
  });
});
