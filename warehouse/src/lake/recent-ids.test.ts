import { describe, expect, it } from "vitest";
import { ev, flushBatches } from "../rollups/test-support/lakes.js";
import { useTempLake } from "../test-support/lake.js";
import { recentEventIds } from "./recent-ids.js";

const tempLake = useTempLake();

describe("recentEventIds", () => {
  it("returns the event_ids ingested within the window, oldest first, whatever their ts", async () => {
    const lakeDir = await tempLake();
    const now = Date.parse("2026-11-30T12:00:00Z");
    const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
    await flushBatches(lakeDir, [
      [
        ev("old", "login", "u1", "2026-11-27T10:00:00Z", { ingestedAt: at(49) }),
        // a late event: its ts is months back, it arrived an hour ago
        ev("late", "login", "u2", "2026-06-01T10:00:00Z", { ingestedAt: at(1) }),
        ev("new", "login", "u3", at(3), { ingestedAt: at(3) }),
      ],
    ]);
    expect(await recentEventIds(lakeDir, 24 * 3_600_000, now)).toEqual([
      ["new", now - 3 * 3_600_000],
      ["late", now - 3_600_000],
    ]);
    expect(await recentEventIds(`${lakeDir}-missing`, 24 * 3_600_000, now)).toEqual([]);
  });
});
