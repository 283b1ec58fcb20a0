import { mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ulid } from "ulid";
import { openDuckDB, PARQUET_OPTIONS } from "../lake/duckdb.js";
import { fsyncFile, writeFileDurable } from "../lake/fsx.js";
import { dtOf, ensureLake, sqlString } from "../lake/layout.js";
import { BASE_CHURN_HAZARD, CAMPAIGN_CLICK_DEPOSIT_MULTIPLIER, CHANNELS, CHURN_DRIVERS, COUNTRIES, DEVICES, EXPERIMENTS } from "./catalog.js";
import { makePartners, makePopulation, type Partner } from "./population.js";
import { Rng } from "./rng.js";
import { EventDaySink } from "./sink.js";
import { Simulation } from "./simulate.js";

export type { Partner } from "./population.js";

const DAY = 86_400_000;

export interface GenerateOptions {
  lakeDir: string;
  users?: number;
  days?: number;
  seed?: number;
  /** First simulated UTC day, YYYY-MM-DD (default: `days` days before today). */
  start?: string;
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
  const start = opts.start ?? defaultStart(days);
  const startMs = Date.parse(`${start}T00:00:00Z`);
  if (Number.isNaN(startMs)) throw new Error(`start: must be YYYY-MM-DD, got ${start}`);
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
    const rng = new Rng(seed);
    const partners = makePartners(rng, Math.max(5, Math.round(users / 100)));
    const pop = makePopulation(rng, users, days, startMs, partners);
    const sink = new EventDaySink(conn, layout, scratch);
    const sim = new Simulation(rng, pop, partners, startMs, days, seed, (...a) => sink.add(...a));
    for (let d = 0; d < days; d++) {
      sim.day(d);
      await sink.endDay(dtOf(startMs + d * DAY));
      opts.onDay?.(d, days);
    }
    await sink.close();

    const endMs = startMs + days * DAY;
    const userLines: string[] = [];
    for (let u = 0; u < users; u++) {
      const partner = partners[pop.partner[u] ?? -1];
      userLines.push(
        [
          pop.ids[u], pop.signupMs[u], COUNTRIES[pop.country[u] ?? 0]?.[0], CHANNELS[pop.channel[u] ?? 0]?.[0], DEVICES[pop.device[u] ?? 0]?.[0],
          partner?.referral_code ?? "", partner?.partner_id ?? "", sim.kycAt[u] || "", pop.leaderRank[u] !== -1, endMs,
        ].join("\t"),
      );
    }
    await writeFile(path.join(scratch, "users.tsv"), userLines.join("\n") + "\n");
    const snapshot = layout.userSnapshot(ulid());
    await conn.run(
      `copy (
         select user_id, make_timestamp(signup_ms * 1000)::timestamptz as signup_at, country, channel, device, referral_code, partner_id,
           make_timestamp(kyc_ms * 1000)::timestamptz as kyc_verified_at, is_leader, make_timestamp(snapshot_ms * 1000)::timestamptz as snapshot_at
         from read_csv(${sqlString(path.join(scratch, "users.tsv"))}, delim = '\t', quote = '', escape = '', header = false, nullstr = '',
           columns = {'user_id': 'VARCHAR', 'signup_ms': 'BIGINT', 'country': 'VARCHAR', 'channel': 'VARCHAR', 'device': 'VARCHAR',
             'referral_code': 'VARCHAR', 'partner_id': 'VARCHAR', 'kyc_ms': 'BIGINT', 'is_leader': 'BOOLEAN', 'snapshot_ms': 'BIGINT'})
       ) to ${sqlString(snapshot + ".tmp")} (${PARQUET_OPTIONS})`,
    );
    await fsyncFile(snapshot + ".tmp");
    await rename(snapshot + ".tmp", snapshot);

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
      ms: Math.round(performance.now() - t0),
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}
