import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ulid } from "ulid";
import { decimal38, PARQUET_OPTIONS } from "../lake/duckdb.js";
import { fsyncDir, fsyncFile } from "../lake/fsx.js";
import { sqlString, type LakeLayout } from "../lake/layout.js";

/**
 * Streams generated events into the lake one UTC day at a time: rows become tab-separated text
 * (the generator's values never contain tabs or newlines; JSON escapes control characters), DuckDB
 * reads it with its parallel CSV reader and writes the day's Parquet. Measured faster than feeding
 * an appender value by value, and the COPY of day d runs while JavaScript generates day d+1.
 */

const TSV_COLUMNS = `{'event_id': 'VARCHAR', 'type': 'VARCHAR', 'user_id': 'VARCHAR', 'ts_ms': 'BIGINT', 'amount': 'VARCHAR',
  'currency': 'VARCHAR', 'props': 'VARCHAR', 'ingested_ms': 'BIGINT'}`;

export class EventDaySink {
  private lines: string[] = [];
  private pending: Promise<void> = Promise.resolve();
  rows = 0;
  readonly files: string[] = [];

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly layout: LakeLayout,
    private readonly scratchDir: string,
  ) {}

  add(eventId: string, type: string, userId: string, tsMs: number, amount: string | null, props: string, ingestedMs: number): void {
    this.lines.push(`${eventId}\t${type}\t${userId}\t${tsMs}\t${amount ?? ""}\t${amount === null ? "" : "USD"}\t${props}\t${ingestedMs}`);
  }

  /** Hands the buffered day to DuckDB; waits only for the previous day's write to finish. */
  async endDay(dt: string): Promise<void> {
    const text = this.lines.length > 0 ? this.lines.join("\n") + "\n" : "";
    const count = this.lines.length;
    this.lines = [];
    await this.pending;
    if (count === 0) return;
    this.pending = this.write(dt, text, count);
  }

  async close(): Promise<void> {
    await this.pending;
  }

  private async write(dt: string, text: string, count: number): Promise<void> {
    const tsv = path.join(this.scratchDir, `events-${dt}.tsv`);
    await writeFile(tsv, text);
    const dayDir = this.layout.eventsDayDir(dt);
    await mkdir(dayDir, { recursive: true });
    const part = this.layout.eventPart(dt, ulid());
    const tmp = `${part}.tmp`;
    await this.conn.run(
      `copy (
         with staged as (
           select * from read_csv(${sqlString(tsv)}, delim = '\t', quote = '', escape = '', header = false,
             nullstr = '', columns = ${TSV_COLUMNS})
         )
         select event_id, type, user_id, make_timestamp(ts_ms * 1000)::timestamptz as ts, ${decimal38("amount")} as amount,
           currency, props, make_timestamp(ingested_ms * 1000)::timestamptz as ingested_at
         from staged order by ts
       ) to ${sqlString(tmp)} (${PARQUET_OPTIONS})`,
    );
    await fsyncFile(tmp);
    await rename(tmp, part);
    await fsyncDir(dayDir);
    await rm(tsv, { force: true });
    this.rows += count;
    this.files.push(part);
  }
}
