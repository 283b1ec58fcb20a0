import { describe, expect, it } from "vitest";
import { BatchTooLargeError, ingestBatch } from "./ingest.js";
import { Wal } from "./lake/wal.js";
import { useTempLake } from "./test-support/lake.js";

const tempLake = useTempLake();
const now = new Date("2025-03-01T12:00:00Z");
const login = (id: string) => ({ event_id: id, type: "login", user_id: "u1", ts: "2025-03-01T11:00:00Z" });

describe("ingestBatch", () => {
  it("answers accepted, rejected with reasons, and duplicates", async () => {
    const wal = await Wal.open({ lakeDir: await tempLake(), instance: "api-1" });
    expect(await ingestBatch(wal, [login("a"), { ...login("b"), ts: "yesterday" }, login("c")], now)).toEqual({
      accepted: 2,
      rejected: 1,
      duplicates: 0,
      errors: [{ index: 1, reason: expect.stringMatching(/^ts: /) }],
    });
    // A client's retry of the same batch: nothing is written twice.
    expect(await ingestBatch(wal, [login("a"), login("c")], now)).toMatchObject({ accepted: 0, rejected: 0, duplicates: 2 });
    await wal.close();
  });

  it("refuses batches over 10,000 events", async () => {
    const wal = await Wal.open({ lakeDir: await tempLake(), instance: "api-1" });
    await expect(ingestBatch(wal, Array.from({ length: 10_001 }, (_, i) => login(`e${i}`)), now)).rejects.toBeInstanceOf(BatchTooLargeError);
    await wal.close();
  });
});
