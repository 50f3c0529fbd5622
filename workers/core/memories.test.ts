import { MAX_MEMORIES_PER_YEAR } from "@hearth/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedFile, seedUser } from "../../tests/harness/core-seed";
import { saveMedia } from "../repositories/jobs";
import { dayInYear, listMemories, readMemoryDate } from "./memories";
import { setArchived } from "./photos";
import { moveToTrash } from "./trash";

describe("Memories", () => {
  let services: TestServices;
  let ann: string;
  let bob: string;
  /** A photo whose EXIF date the media process found, as the media process saves it. */
  const photo = async (owner: string, name: string, takenAt: string) => {
    const file = await seedFile(services, owner, name, `bytes of ${name}`);
    await saveMedia(
      services.db,
      file.blobId!,
      { takenAt: Date.parse(takenAt), width: 400, height: 300 },
      services.now(),
    );
    return file;
  };
  const memories = async (date?: string, owner = ann) => {
    const answer = await listMemories(services, owner, { date });
    return answer.years.map((year) => [year.yearsAgo, year.items.map((item) => item.name)]);
  };

  beforeEach(async () => {
    services = await testServices();
    services.advance(Date.parse("2026-12-07T10:00:00Z") - services.now());
    ann = await seedUser(services, "Ann");
    bob = await seedUser(services, "Bob");
  });
  afterEach(() => services.close());

  it("lists each earlier year's photos of the day, newest year first, and nothing of other days", async () => {
    await photo(ann, "2025-morning.jpg", "2025-12-07T08:00:00Z");
    await photo(ann, "2025-evening.jpg", "2025-12-07T20:00:00Z");
    await photo(ann, "2023.jpg", "2023-12-07T12:00:00Z");
    await photo(ann, "2025-yesterday.jpg", "2025-12-06T12:00:00Z");
    await photo(ann, "2024-next-month.jpg", "2024-01-07T12:00:00Z");
    await photo(ann, "2026-today.jpg", "2026-12-07T09:00:00Z");
    expect(await memories("2026-12-07")).toEqual([
      [1, ["2025-evening.jpg", "2025-morning.jpg"]],
      [3, ["2023.jpg"]],
    ]);
    // Without a date: today in UTC, by the clock.
    const answer = await listMemories(services, ann, {});
    expect(answer.date).toBe("2026-12-07");
    expect(answer.years.map((year) => year.year)).toEqual([2025, 2023]);
    // Another day, another list; Bob has none of Ann's.
    expect(await memories("2026-12-06")).toEqual([[1, ["2025-yesterday.jpg"]]]);
    expect(await memories("2026-12-07", bob)).toEqual([]);
  });

  it("a day runs from midnight to midnight on the timeline's clock: 23:59:59 belongs to it, 00:00:00 to the next", async () => {
    await photo(ann, "last-second.jpg", "2024-12-07T23:59:59.999Z");
    await photo(ann, "first-second.jpg", "2024-12-07T00:00:00Z");
    await photo(ann, "next-day.jpg", "2024-12-08T00:00:00Z");
    await photo(ann, "day-before.jpg", "2024-12-06T23:59:59.999Z");
    expect(await memories("2026-12-07")).toEqual([[2, ["last-second.jpg", "first-second.jpg"]]]);
    expect(await memories("2026-12-08")).toEqual([[2, ["next-day.jpg"]]]);
  });

  it("leaves out archived and trashed photos", async () => {
    await photo(ann, "kept.jpg", "2025-12-07T12:00:00Z");
    const archived = await photo(ann, "archived.jpg", "2025-12-07T13:00:00Z");
    const trashed = await photo(ann, "trashed.jpg", "2025-12-07T14:00:00Z");
    await setArchived(services, ann, archived.id, true);
    await moveToTrash(services, ann, trashed.id);
    expect(await memories("2026-12-07")).toEqual([[1, ["kept.jpg"]]]);
  });

  it("caps a year at MAX_MEMORIES_PER_YEAR and says there were more", async () => {
    for (let i = 0; i < MAX_MEMORIES_PER_YEAR + 2; i++)
      await photo(ann, `wedding-${i}.jpg`, `2020-12-07T10:${String(i).padStart(2, "0")}:00Z`);
    const [year] = (await listMemories(services, ann, { date: "2026-12-07" })).years;
    expect(year!.items).toHaveLength(MAX_MEMORIES_PER_YEAR);
    expect(year!.more).toBe(true);
    expect(year!.items[0]!.name).toBe(`wedding-${MAX_MEMORIES_PER_YEAR + 1}.jpg`);
  });

  it("on 29 February asks only leap years", async () => {
    await photo(ann, "leap.jpg", "2024-02-29T12:00:00Z");
    await photo(ann, "not-leap.jpg", "2023-03-01T12:00:00Z");
    expect(await memories("2028-02-29")).toEqual([[4, ["leap.jpg"]]]);
    expect(dayInYear({ year: 2028, month: 2, day: 29 }, 2023)).toBeNull();
    expect(dayInYear({ year: 2028, month: 2, day: 29 }, 2000)).not.toBeNull();
  });

  it("refuses a date that is not a real day", () => {
    for (const bad of ["2026-02-30", "2025-02-29", "2026-13-01", "26-12-07", "2026-12-7", "today", ""])
      expect(() => readMemoryDate(bad, 0), bad).toThrow(/YYYY-MM-DD/);
    expect(readMemoryDate("0099-01-31", 0)).toEqual({ year: 99, month: 1, day: 31 });
    expect(dayInYear({ year: 2026, month: 1, day: 31 }, 99)!.from).toBe(Date.parse("0099-01-31T00:00:00Z"));
  });
});
