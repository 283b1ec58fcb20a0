import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ulid } from "ulid";
import { openDuckDB, PARQUET_OPTIONS } from "../lake/duckdb.js";
import { fsyncFile } from "../lake/fsx.js";
import { ensureLake, sqlString, type LakeLayout } from "../lake/layout.js";
import { CHANNELS, COUNTRIES, DEVICES } from "./catalog.js";
import type { SyntheticPlatform } from "./platform.js";

/**
 * The users dimension of the synthetic platform: a snapshot of the users who signed up in
 * (fromMs, toMs], as they stood at `snapshotMs` (a KYC after it is not known yet). Newest snapshot
 * wins per user, so the seed writes everyone and the live demo adds each new batch of signups.
 * Returns how many users it wrote.
 */
export async function writeUserSnapshot(
  conn: DuckDBConnection,
  layout: LakeLayout,
  scratch: string,
  platform: SyntheticPlatform,
  fromMs: number,
  toMs: number,
  snapshotMs: number,
): Promise<number> {
  const { pop, partners, sim } = platform;
  const lines: string[] = [];
  for (let u = 0; u < pop.n; u++) {
    const signup = pop.signupMs[u] as number;
    if (signup > toMs) break;
    if (signup <= fromMs) continue;
    const partner = partners[pop.partner[u] ?? -1];
    const kyc = sim.kycAt[u] as number;
    lines.push(
      [
        pop.ids[u], signup, COUNTRIES[pop.country[u] ?? 0]?.[0], CHANNELS[pop.channel[u] ?? 0]?.[0], DEVICES[pop.device[u] ?? 0]?.[0],
        partner?.referral_code ?? "", partner?.partner_id ?? "", kyc && kyc <= snapshotMs ? kyc : "", pop.leaderRank[u] !== -1, snapshotMs,
      ].join("\t"),
    );
  }
  if (lines.length === 0) return 0;
  const tsv = path.join(scratch, `users-${ulid()}.tsv`);
  await writeFile(tsv, lines.join("\n") + "\n");
  const snapshot = layout.userSnapshot(ulid());
  await conn.run(
    `copy (
       select user_id, make_timestamp(signup_ms * 1000)::timestamptz as signup_at, country, channel, device, referral_code, partner_id,
         make_timestamp(kyc_ms * 1000)::timestamptz as kyc_verified_at, is_leader, make_timestamp(snapshot_ms * 1000)::timestamptz as snapshot_at
       from read_csv(${sqlString(tsv)}, delim = '\t', quote = '', escape = '', header = false, nullstr = '',
         columns = {'user_id': 'VARCHAR', 'signup_ms': 'BIGINT', 'country': 'VARCHAR', 'channel': 'VARCHAR', 'device': 'VARCHAR',
           'referral_code': 'VARCHAR', 'partner_id': 'VARCHAR', 'kyc_ms': 'BIGINT', 'is_leader': 'BOOLEAN', 'snapshot_ms': 'BIGINT'})
     ) to ${sqlString(snapshot + ".tmp")} (${PARQUET_OPTIONS})`,
  );
  await fsyncFile(snapshot + ".tmp");
  await rename(snapshot + ".tmp", snapshot);
  await rm(tsv, { force: true });
  return lines.length;
}

/** `writeUserSnapshot` for the live demo: its own short-lived DuckDB and scratch directory. */
export async function writePlatformUsers(lakeDir: string, platform: SyntheticPlatform, fromMs: number, toMs: number): Promise<number> {
  const layout = await ensureLake(lakeDir);
  const scratch = await mkdtemp(path.join(layout.tmpDir, "users-"));
  const instance = await openDuckDB({ threads: 1 });
  const conn = await instance.connect();
  try {
    return await writeUserSnapshot(conn, layout, scratch, platform, fromMs, toMs, toMs);
  } finally {
    conn.closeSync();
    instance.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}
