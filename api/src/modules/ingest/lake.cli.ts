import type { Command } from "commander";
import { z } from "zod";
import { generate, QueryError, QueryPool, rebuildRollups } from "@ist/warehouse";
import { loadConfig } from "../../config";
import { CliInputError, type CliIo, formatIssues } from "../../cli/io";

/** JSON with 64-bit integers that do not fit a double as strings, as the query layer returns them. */
function printRows(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
}

const int = (min: number, max: number) =>
  z.coerce.number({ error: "must be a number" }).int("must be an integer").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

const SeedOptions = z.object({
  users: int(1, 5_000_000).default(50_000),
  days: int(1, 3_650).default(180),
  seed: int(0, 2_147_483_647).default(1),
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD").optional(),
  replace: z.boolean().default(false),
});

export function lakeCommands(program: Command, io: CliIo) {
  program
    .command("sql")
    .description("run one read-only SELECT (or WITH … SELECT) over the lake ($LAKE_DIR) and print the rows as JSON")
    .argument("<query>", 'e.g. "select type, count(*) as n from events group by type"')
    .option("--timeout <seconds>", "interrupt the query after this long", "30")
    .action(async (query: string, opts: { timeout: string }) => {
      const timeoutMs = Number(opts.timeout) * 1000;
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new CliInputError("timeout: must be a positive number of seconds");
      const pool = await QueryPool.open({ lakeDir: loadConfig().LAKE_DIR, connections: 1, threads: 2, timeoutMs });
      try {
        printRows(io, await pool.query(query));
      } catch (err) {
        if (err instanceof QueryError && err.code === "not_read_only") throw new CliInputError(err.message);
        if (err instanceof QueryError) throw err;
        // DuckDB's own parse, bind and conversion errors: the query is what is wrong
        if (/^(Parser|Binder|Catalog|Conversion|Invalid Input|Permission) Error/.test((err as Error).message)) {
          throw new CliInputError(`sql: ${(err as Error).message.split("\n")[0]}`);
        }
        throw err;
      } finally {
        await pool.close();
      }
    });

  program
    .command("seed")
    .description("write a synthetic platform (deterministic by seed) into the lake and print a summary")
    .option("--users <n>", "users", "50000")
    .option("--days <n>", "days of history, ending yesterday", "180")
    .option("--seed <n>", "random seed", "1")
    .option("--start <date>", "first day, YYYY-MM-DD (default: --days before today)")
    .option("--replace", "replace the events, users, truth and partners already in the lake")
    .action(async (raw: Record<string, unknown>) => {
      const parsed = SeedOptions.safeParse({ ...raw, replace: raw.replace === true });
      if (!parsed.success) throw new CliInputError(formatIssues(parsed.error));
      const { users, days, seed, start, replace } = parsed.data;
      const { LAKE_DIR: lakeDir, REPORTING_TZ } = loadConfig();
      const step = Math.max(1, Math.round(days / 10));
      try {
        const r = await generate({
          lakeDir,
          users,
          days,
          seed,
          start,
          replace,
          onDay: (d, n) => {
            if ((d + 1) % step === 0) io.err(`seeded ${d + 1}/${n} days\n`);
          },
        });
        // the generator writes Parquet past the flusher, which is what keeps the rollups
        const rollups = await rebuildRollups({ lakeDir, zones: [REPORTING_TZ] });
        // the platform object is for a live continuation (the demo's), not a summary
        const { partners, truth, platform: _continuation, ...summary } = r;
        printRows(io, { lakeDir, ...summary, partners: partners.length, churnedUsers: truth.churn.churned_users, rollupsMs: rollups.ms });
      } catch (err) {
        if (/already has events/.test((err as Error).message)) throw new CliInputError("lake: already has events; pass --replace to overwrite them");
        throw err;
      }
    });
}
