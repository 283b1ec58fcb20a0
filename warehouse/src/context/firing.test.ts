import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTestLake } from "../metrics/test-support/lake.js";
import { QueryPool } from "../query.js";
import { firingContext } from "./firing.js";

describe("firing context", () => {
  let dir = "";
  let pool: QueryPool | undefined;
  const at = (hm: string) => `2025-03-03T${hm}:00.000Z`;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ist-context-"));
    await writeTestLake(dir, [
      { user: "u1", type: "campaign_touch", ts: at("10:01"), props: { campaign_id: "spring", channel: "push", action: "sent" } },
      { user: "u2", type: "campaign_touch", ts: at("10:02"), props: { campaign_id: "spring", channel: "push", action: "opened" } },
      { user: "u3", type: "campaign_touch", ts: at("10:03"), props: { campaign_id: "spring", channel: "email", action: "sent" } },
      // outside the window: 09:59 and 11:00 (the end is exclusive)
      { user: "u4", type: "campaign_touch", ts: at("09:59"), props: { campaign_id: "spring", channel: "push", action: "sent" } },
      { user: "u5", type: "campaign_touch", ts: at("11:00"), props: { campaign_id: "spring", channel: "push", action: "sent" } },
      { user: "u1", type: "experiment_exposure", ts: at("10:30"), props: { experiment_key: "fee-discount", variation: "b" } },
      { user: "u2", type: "experiment_exposure", ts: at("10:05"), props: { experiment_key: "fee-discount", variation: "a" } },
      { user: "u3", type: "experiment_exposure", ts: at("10:20"), props: { experiment_key: "onboarding", variation: "a" } },
    ]);
    pool = await QueryPool.open({ lakeDir: dir, connections: 1, threads: 1 });
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("lists campaign touches per campaign and channel and experiments by first exposure, within [from, to)", async () => {
    const context = await firingContext(pool!, { from: new Date(at("10:00")), to: new Date(at("11:00")) });
    expect(context).toEqual({
      window: { from: at("10:00"), to: at("11:00") },
      campaignsSent: [
        { campaignId: "spring", channel: "push", touches: 2, sent: 1 },
        { campaignId: "spring", channel: "email", touches: 1, sent: 1 },
      ],
      experimentsStarted: [
        { experimentKey: "fee-discount", firstExposureAt: at("10:05"), exposures: 2 },
        { experimentKey: "onboarding", firstExposureAt: at("10:20"), exposures: 1 },
      ],
    });
  });

  it("records a failing source's error and keeps the others", async () => {
    const window = { from: new Date(at("10:00")), to: new Date(at("11:00")) };
    const context = await firingContext(pool!, window, {
      broken: async () => {
        throw new Error("no tickets yet");
      },
      rows: (reader) => reader.query("select 1 as one"),
    });
    expect(context).toEqual({ window: { from: at("10:00"), to: at("11:00") }, broken: { error: "no tickets yet" }, rows: [{ one: 1 }] });
  });
});
