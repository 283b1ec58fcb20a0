import { describe, expect, it } from "vitest";
import { validateBatch } from "../events/schema.js";
import { LiveEvents } from "./live.js";

describe("LiveEvents", () => {
  it("makes events that pass the ingest contract, for users the generator made", () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    const events = new LiveEvents({ users: 500, seed: 7 }).next(2_000, now);
    const { rows, errors } = validateBatch(events, new Date(now));
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(2_000);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(2_000);
    for (const e of events) {
      expect(e.user_id).toMatch(/^u\d{7}$/);
      expect(Number(e.user_id.slice(1))).toBeGreaterThanOrEqual(1);
      expect(Number(e.user_id.slice(1))).toBeLessThanOrEqual(500);
      expect(Date.parse(e.ts)).toBeLessThanOrEqual(now);
    }
    const types = new Set(events.map((e) => e.type));
    for (const t of ["login", "page_view", "trade", "deposit"]) expect(types).toContain(t);
  });

  it("keeps ids unique across calls", () => {
    const live = new LiveEvents({ users: 10 });
    const ids = [...live.next(100), ...live.next(100)].map((e) => e.event_id);
    expect(new Set(ids).size).toBe(200);
  });
});
