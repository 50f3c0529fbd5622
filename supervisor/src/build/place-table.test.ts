import { describe, expect, it } from "vitest";
import { placeLabel } from "@hearth/contract";
import { openPlaceTable } from "@hearth/workers/media/place-names";
import { placeTable } from "./place-table";

describe("the offline place table", () => {
  const table = openPlaceTable(placeTable());
  const label = (lat: number, lng: number) => {
    const place = table.lookup(lat, lng);
    return place && placeLabel(place);
  };

  it("names towns the way people say them, with no network", () => {
    expect(label(38.7077, -9.1365)).toBe("Lisbon, Portugal"); // Praça do Comércio
    expect(label(38.6916, -9.216)).toBe("Lisbon, Portugal"); // Belém, not the suburb of Algés
    expect(label(41.1496, -8.611)).toBe("Porto, Portugal");
    expect(label(48.8584, 2.2945)).toBe("Paris, Île-de-France, France"); // the Eiffel Tower
    expect(label(40.758, -73.9855)).toBe("New York City, New York, United States"); // Times Square
    expect(label(-22.9519, -43.2105)).toBe("Rio de Janeiro, Brazil");
    expect(label(35.0116, 135.7681)).toBe("Kyoto, Japan");
    expect(table.lookup(38.7077, -9.1365)).toMatchObject({ countryCode: "PT", region: "Lisbon" });
  });

  it("names nothing far out at sea", () => {
    expect(table.lookup(0, -30)).toBeNull();
    expect(table.lookup(Number.NaN, 0)).toBeNull();
  });

  it("stays small enough for the media bundle", () => {
    expect(placeTable().byteLength).toBeLessThan(5_000_000);
  });
});
