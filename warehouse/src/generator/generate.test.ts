import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateEvent, type EventRow, propsOf } from "../events/schema.js";
import { lakeLayout } from "../lake/layout.js";
import { QueryPool } from "../query.js";
import { useTempLake } from "../test-support/lake.js";
import { generate, type GenerateResult, type Truth } from "./index.js";
import { hash32 } from "./rng.js";

const tempLake = useTempLake("file");
const opts = { users: 500, days: 30, seed: 7, start: "2025-03-03" };

async function fingerprint(lakeDir: string) {
  const pool = await QueryPool.open({ lakeDir, connections: 1 });
  try {
    return await pool.query(
      `select type, count(*) as n, sum(amount) as amount, count(distinct user_id) as users,
         bit_xor(hash(event_id, ts, props)) as digest
       from events group by type order by type`,
    );
  } finally {
    await pool.close();
  }
}

describe("generate", () => {
  let lakeDir: string;
  let result: GenerateResult;

  beforeAll(async () => {
    lakeDir = await tempLake();
    result = await generate({ lakeDir, ...opts });
  });

  it("is deterministic by seed", async () => {
    const again = await tempLake();
    const second = await generate({ lakeDir: again, ...opts });
    expect(second.eventsByType).toEqual(result.eventsByType);
    expect(await fingerprint(again)).toEqual(await fingerprint(lakeDir));
    const other = await tempLake();
    const third = await generate({ lakeDir: other, ...opts, seed: 8 });
    expect(third.eventsByType).not.toEqual(result.eventsByType);
  });

  it("refuses to write into a lake that has events unless asked to replace them", async () => {
    await expect(generate({ lakeDir, ...opts })).rejects.toThrow(/already has events/);
  });

  it("writes events that satisfy the ingest contract", async () => {
    const pool = await QueryPool.open({ lakeDir, connections: 1 });
    const rows = await pool.query<EventRow & { dt: string }>(`select * from events using sample 400 rows (reservoir, 1)`);
    const end = new Date("2025-04-02T00:00:00Z");
    for (const r of rows) {
      const event = { event_id: r.event_id, type: r.type, user_id: r.user_id, ts: r.ts, props: propsOf(r) };
      const v = validateEvent(event, end);
      expect(v, JSON.stringify(event)).toHaveProperty("row");
      expect(r.dt).toBe(r.ts.slice(0, 10));
    }
    await pool.close();
  });

  it("looks like a platform", async () => {
    const pool = await QueryPool.open({ lakeDir, connections: 1 });
    const [shape] = await pool.query<Record<string, number>>(
      `with signups as (select user_id, min(ts) as first_ts, count(*) as n from events where type = 'signup' group by user_id)
       select
         (select count(*) from signups) as users,
         (select max(n) from signups) as max_signups_per_user,
         (select count(*) from events e join signups s using (user_id) where e.ts < s.first_ts) as events_before_signup,
         (select count(*) from events where ts < '2025-03-03' or ts >= '2025-04-02') as outside_window,
         (select count(*) from users) as snapshot_users,
         (select count(*) from users where partner_id is not null) as referred,
         (select count(*) from events r where type in ('refund', 'chargeback')
            and json_extract_string(props, '$.revenue_event_id') not in (select event_id from events)) as dangling_refunds,
         (select count(*) from events where type = 'login' and dayofweek(dt) in (1, 2, 3, 4, 5)) / 5.0 as weekday_logins,
         (select count(*) from events where type = 'login' and dayofweek(dt) in (0, 6)) / 2.0 as weekend_logins,
         (select count(*) from events where type = 'trade' and json_extract(props, '$.is_copy')::boolean) as copy_trades`,
    );
    expect(shape).toMatchObject({ users: 500, max_signups_per_user: 1, events_before_signup: 0, outside_window: 0, snapshot_users: 500, dangling_refunds: 0 });
    expect(shape?.referred).toBeGreaterThan(50);
    expect(shape?.weekday_logins).toBeGreaterThan((shape?.weekend_logins ?? 0) * 1.1);
    expect(shape?.copy_trades).toBeGreaterThan(0);
    for (const t of ["signup", "login", "page_view", "deposit", "trade", "kyc_verified", "experiment_exposure", "campaign_touch", "ad_revenue"]) {
      expect(result.eventsByType[t], t).toBeGreaterThan(0);
    }
    await pool.close();
  });

  it("writes the partner list and what it planted", async () => {
    const layout = lakeLayout(lakeDir);
    const partners = JSON.parse(await readFile(path.join(layout.seedDir, "partners.json"), "utf8")) as { referral_code: string }[];
    expect(partners).toHaveLength(5);
    const truth = JSON.parse(await readFile(path.join(layout.truthDir, "truth.json"), "utf8")) as Truth;
    expect(truth.experiments.map((e) => e.key)).toContain("onboarding_checklist");
    expect(truth.experiments.find((e) => e.key === "pricing_page_v2")?.variations[1]?.true_relative_lift).toBeCloseTo(0.3);
    expect(truth.churn.drivers.map((d) => d.driver)).toContain("inactive_7_days");
    const pool = await QueryPool.open({ lakeDir, connections: 1 });
    const labels = await pool.query(`select count(*) as n from read_parquet($f)`, { f: path.join(layout.root, truth.churn.labels_file) });
    expect(labels).toEqual([{ n: truth.churn.churned_users }]);
    await pool.close();
  });
});

describe("hash32", () => {
  it("splits sequential ids evenly", () => {
    const buckets = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) buckets[hash32(`exp:u${String(i).padStart(7, "0")}`) % 3]! += 1;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(400);
  });
});
