import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { z } from "zod";
import { loadConfig } from "../../config";
import { seededUsers } from "../../demo-lake";
import { IngestHttpError, ingestClient, type IngestClient } from "./client";
import { runSimulator } from "./simulator";
import { withDb } from "../../cli/db";
import { CliInputError, type CliIo, formatIssues, printJson } from "../../cli/io";
import { createKeyCli, revokeKeyCli } from "../keys/keys.cli";

const Target = z.object({
  url: z.string().url("must be a URL, e.g. http://localhost:3000"),
  key: z.string().regex(/^ist_ing_\S+$/, "must be an ingest key (ist_ing_…)"),
});

/** A refusal that no retry fixes names what to correct; anything else is an ordinary failure. */
function explain(err: unknown, client: IngestClient): never {
  if (err instanceof IngestHttpError && err.status === 401) throw new CliInputError(`key: refused by ${client.endpoint} (${err.message})`);
  if (err instanceof IngestHttpError && err.status < 500 && err.status !== 429) throw new CliInputError(`events: refused by ${client.endpoint} (${err.message})`);
  throw err;
}

export function ingestCommands(program: Command, io: CliIo) {
  program
    .command("ingest")
    .description("send a file of events (one JSON object per line) to the ingest endpoint in batches; prints totals")
    .requiredOption("--file <file>", "events.jsonl")
    .requiredOption("--url <url>", "the api, e.g. http://localhost:3000")
    .requiredOption("--key <key>", "an ingest key (ist_ing_…)")
    .option("--batch <n>", "events per request (at most 10,000)", "1000")
    .action(async (opts: { file: string; url: string; key: string; batch: string }) => {
      const target = Target.safeParse(opts);
      if (!target.success) throw new CliInputError(formatIssues(target.error));
      const batchSize = Number(opts.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new CliInputError("batch: must be an integer from 1 to 10000");
      if (!existsSync(opts.file)) throw new CliInputError(`file: ${opts.file} does not exist`);
      const client = ingestClient(target.data.url, target.data.key);
      const totals = { lines: 0, sent: 0, accepted: 0, duplicates: 0, rejected: 0 };
      const errors: Array<{ line: number; reason: string }> = [];
      const reject = (line: number, reason: string) => {
        totals.rejected++;
        if (errors.length < 10) errors.push({ line, reason });
      };
      const started = Date.now();
      let batch: unknown[] = [];
      let lineOf: number[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        // same event_ids on every retry: the server stores them once
        const r = await client.send(batch, { retries: 5 }).catch((err: unknown) => explain(err, client));
        totals.sent += batch.length;
        totals.accepted += r.accepted;
        totals.duplicates += r.duplicates;
        for (const e of r.errors) reject(lineOf[e.index] ?? 0, e.reason);
        batch = [];
        lineOf = [];
      };
      const lines = createInterface({ input: createReadStream(opts.file), crlfDelay: Infinity });
      for await (const text of lines) {
        totals.lines++;
        if (!text.trim()) continue;
        try {
          batch.push(JSON.parse(text));
          lineOf.push(totals.lines);
        } catch {
          reject(totals.lines, "line: not valid JSON");
        }
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      const seconds = (Date.now() - started) / 1000;
      printJson(io, { endpoint: client.endpoint, ...totals, errors, seconds, eventsPerSecond: Math.round(totals.sent / Math.max(seconds, 0.001)) });
    });

  program
    .command("simulate")
    .description("post live synthetic events (logins, page views, trades, deposits of the lake's users) to the ingest endpoint")
    .requiredOption("--rate <n>", "events per second")
    .option("--url <url>", "the api (default: http://127.0.0.1:$PORT)")
    .option("--key <key>", "an ingest key (default: a temporary one, revoked when done)")
    .option("--duration <seconds>", "stop after this long (default: until Ctrl-C)")
    .option("--users <n>", "users to pick from (default: as many as the seeded lake has)")
    .action(async (opts: { rate: string; url?: string; key?: string; duration?: string; users?: string }) => {
      const rate = Number(opts.rate);
      if (!Number.isFinite(rate) || rate <= 0 || rate > 100_000) throw new CliInputError("rate: must be a number of events per second from 0 to 100000");
      const durationMs = opts.duration === undefined ? undefined : Number(opts.duration) * 1000;
      if (durationMs !== undefined && !(durationMs > 0)) throw new CliInputError("duration: must be a positive number of seconds");
      const config = loadConfig();
      const users = opts.users === undefined ? seededUsers(config) : Number(opts.users);
      if (!Number.isInteger(users) || users < 1) throw new CliInputError("users: must be a positive integer");
      const url = opts.url ?? `http://127.0.0.1:${config.PORT}`;
      const temporary = opts.key === undefined ? await withDb((db) => createKeyCli(db, "ingest", "ist simulate (temporary)")) : undefined;
      const target = Target.safeParse({ url, key: opts.key ?? temporary?.key });
      if (!target.success) throw new CliInputError(formatIssues(target.error));
      const client = ingestClient(target.data.url, target.data.key);
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once("SIGINT", stop);
      let refusal: unknown;
      try {
        const totals = await runSimulator({
          rate,
          users,
          durationMs,
          signal: abort.signal,
          send: (events) => client.send(events, { retries: 2 }),
          onError: (err) => {
            if (err instanceof IngestHttpError && !err.retryable) {
              refusal = err;
              abort.abort();
            } else io.err(`a batch failed: ${(err as Error).message}\n`);
          },
        });
        if (refusal) explain(refusal, client);
        printJson(io, { endpoint: client.endpoint, rate, users, ...totals });
      } finally {
        process.removeListener("SIGINT", stop);
        if (temporary) await withDb((db) => revokeKeyCli(db, temporary.id));
      }
    });
}
