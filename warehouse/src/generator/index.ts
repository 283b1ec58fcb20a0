import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { openDuckDB, PARQUET_OPTIONS } from "../lake/duckdb.js";
import { writeFileDurable } from "../lake/fsx.js";
import { dtOf, ensureLake, sqlString } from "../lake/layout.js";
import { BASE_CHURN_HAZARD, CAMPAIGN_CLICK_DEPOSIT_MULTIPLIER, CHURN_DRIVERS, EXPERIMENTS } from "./catalog.js";
import { SyntheticPlatform } from "./platform.js";
import type { Partner } from "./population.js";
import { EventDaySink } from "./sink.js";
import { writeUserSnapshot } from "./users.js";

export type { Partner } from "./population.js";
export { SyntheticPlatform, toIngestEvent, type PlatformEvent, type PlatformOptions } from "./platform.js";
export { writePlatformUsers } from "./users.js";

const DAY = 86_400_000;

export interface GenerateOptions {
  lakeDir: string;
  users?: number;
  days?: number;
  seed?: number;
  /**
   * First simulated UTC day, YYYY-MM-DD (default: `days` days before today, or with `until` the
   * `days`-th day counting back from `until`'s).
   */
  start?: string;
  /**
   * History up to this moment (ms): the last of the `days` days is `until`'s, written up to it,
   * and the rest of it stays in `result.platform` for a live continuation (the demo's start).
   * Default: whole days, ending the day before today.
   */
  until?: number;
  /** Days after the window in which users keep signing up, for a live continuation (default 0). */
  extraDays?: number;
  /** Replace the events, users, truth and seed data already in the lake (default: refuse). */
  replace?: boolean;
  /** DuckDB threads for writing Parquet while JavaScript simulates (default 1). */
  threads?: number;
  onDay?: (day: number, days: number) => void;
}

export interface Truth {
  seed: number;
  users: number;
  start: string;
  end: string;
  experiments: {
    key: string;
    start: string;
    end: string;
    audience: string;
    metric: string;
    metric_event: string | null;
    variations: { key: string; weight: number; true_multiplier: number; true_relative_lift: number }[];
  }[];
  churn: {
    base_daily_hazard: number;
    drivers: { driver: string; hazard_ratio: number; description: string }[];
    churned_users: number;
    labels_file: string;
  };
  campaigns: { click_deposit_multiplier: number; click_boost_days: number; list: { campaign_id: string; channel: string; sent_on: string }[] };
  top_leaders: { user_id: string; followers: number }[];
  /** The moment the history runs up to (ISO), when seeded with `until`; the platform continues from it. */
  until?: string;
  /** Days after the window with signups (`SyntheticPlatform`'s `extraDays`). */
  extra_days?: number;
}

export interface GenerateResult {
  users: number;
  days: number;
  start: string;
  end: string;
  events: number;
  eventsByType: Record<string, number>;
  partners: Partner[];
  truth: Truth;
  /** the platform after the seed: `take` hands out what happens after `until` */
  platform: SyntheticPlatform;
  ms: number;
}

function defaultStart(days: number): string {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  return dtOf(today - days * DAY);
}

/**
 * Writes a synthetic platform straight into the lake: events Parquet per day, a users snapshot,
 * the partner list (`_seed/partners.json`) and what was planted (`_truth/`). Deterministic by
 * `seed` (and `start`); memory stays bounded by per-user state plus one day of events.
 */
export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  const users = opts.users ?? 50_000;
  const days = opts.days ?? 180;
  const seed = opts.seed ?? 1;
  const until = opts.until;
  const start = opts.start ?? (until === undefined ? defaultStart(days) : dtOf(Math.floor(until / DAY) * DAY - (days - 1) * DAY));
  const startMs = Date.parse(`${start}T00:00:00Z`);
  if (Number.isNaN(startMs)) throw new Error(`start: must be YYYY-MM-DD, got ${start}`);
  const endMs = startMs + days * DAY;
  if (until !== undefined && !(until >= endMs - DAY && until < endMs)) throw new Error(`until: must fall on the last of the ${days} days from ${start}`);
  const cutoff = until ?? endMs;
  const layout = await ensureLake(opts.lakeDir);
  const existing = await readdir(layout.eventsDir);
  if (existing.length > 0) {
    if (!opts.replace) throw new Error(`lake ${layout.root} already has events; pass replace to overwrite`);
    for (const dir of [layout.eventsDir, layout.usersDir, layout.truthDir, layout.seedDir]) await rm(dir, { recursive: true, force: true });
    await ensureLake(opts.lakeDir);
  }
  const scratch = await mkdtemp(path.join(layout.tmpDir, "generate-"));
  const instance = await openDuckDB({ threads: opts.threads ?? 1 });
  const conn = await instance.connect();
  try {
    const platform = new SyntheticPlatform({ users, days, seed, start, extraDays: opts.extraDays });
    const { pop, partners, sim } = platform;
    const sink = new EventDaySink(conn, layout, scratch);
    for (let d = 0; d < days; d++) {
      platform.simulateDay((eventId, type, userId, tsMs, amount, props, ingestedMs) => {
        // an event is ingested a moment after it happens, never after the seed's moment
        if (tsMs <= cutoff) sink.add(eventId, type, userId, tsMs, amount, props, until === undefined ? ingestedMs : Math.min(ingestedMs, until));
        else platform.hold({ eventId, type, userId, tsMs, amount, props, ingestedMs });
      });
      await sink.endDay(dtOf(startMs + d * DAY));
      opts.onDay?.(d, days);
    }
    await sink.close();
    platform.settle();

    // the users dimension as of the seed's moment: later signups come with the live platform
    await writeUserSnapshot(conn, layout, scratch, platform, -Infinity, cutoff, Math.min(endMs, cutoff));

    const churnLines: string[] = [];
    for (let u = 0; u < users; u++) if ((sim.churnDay[u] ?? -1) >= 0) churnLines.push(`${pop.ids[u]}\t${dtOf(startMs + (sim.churnDay[u] as number) * DAY)}`);
    await writeFile(path.join(scratch, "churn.tsv"), churnLines.join("\n") + "\n");
    const labelsFile = path.join(layout.truthDir, "churn_labels.parquet");
    await conn.run(
      `copy (select * from read_csv(${sqlString(path.join(scratch, "churn.tsv"))}, delim = '\t', header = false,
         columns = {'user_id': 'VARCHAR', 'churned_on': 'DATE'})) to ${sqlString(labelsFile)} (${PARQUET_OPTIONS})`,
    );

    const truth: Truth = {
      seed,
      users,
      start,
      end: dtOf(endMs - DAY),
      experiments: EXPERIMENTS.map((e) => ({
        key: e.key,
        start: dtOf(startMs + Math.ceil(e.startFrac * days) * DAY),
        end: dtOf(startMs + (Math.ceil(e.endFrac * days) - 1) * DAY),
        audience: e.audience,
        metric: e.metric,
        metric_event: e.metricEvent,
        variations: e.variations.map((v) => ({ key: v.key, weight: v.weight, true_multiplier: v.multiplier, true_relative_lift: Math.round((v.multiplier - 1) * 1e6) / 1e6 })),
      })),
      churn: {
        base_daily_hazard: BASE_CHURN_HAZARD,
        drivers: CHURN_DRIVERS.map((d) => ({ ...d })),
        churned_users: churnLines.length,
        labels_file: path.relative(layout.root, labelsFile),
      },
      campaigns: {
        click_deposit_multiplier: CAMPAIGN_CLICK_DEPOSIT_MULTIPLIER,
        click_boost_days: 3,
        list: sim.campaigns.map((c) => ({ campaign_id: c.campaign_id, channel: c.channel, sent_on: dtOf(startMs + c.day * DAY) })),
      },
      top_leaders: sim.followerCounts().slice(0, 20),
      ...(until === undefined ? {} : { until: new Date(until).toISOString(), extra_days: opts.extraDays ?? 0 }),
    };
    await writeFileDurable(path.join(layout.truthDir, "truth.json"), JSON.stringify(truth, null, 2));
    await writeFileDurable(path.join(layout.seedDir, "partners.json"), JSON.stringify(partners, null, 2));
    const eventsByType = Object.fromEntries([...sim.counts].sort(([a], [b]) => a.localeCompare(b)));
    return {
      users,
      days,
      start,
      end: truth.end,
      events: sink.rows,
      eventsByType,
      partners,
      truth,
      platform,
      ms: Math.round(performance.now() - t0),
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}
