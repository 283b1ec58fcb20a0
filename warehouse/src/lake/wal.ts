import { mkdir, open, readdir, readFile, rename, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { monotonicFactory } from "ulid";
import type { EventRow } from "../events/schema.js";
import { RecentIds, type RecentIdsOptions } from "./dedupe.js";
import { fsyncDir, isOwnerGone, PidLock, readLockOwner } from "./fsx.js";
import { ensureLake } from "./layout.js";

/**
 * The write-ahead log: a batch is acknowledged only once it sits in an fsynced segment under
 * `_wal/<instance>/`. Each process owns its directory through a pid lock; directories whose owner
 * died are adopted, so their segments get flushed by whoever runs now.
 *
 * Segments are NDJSON of `EventRow`, named `seg-<ulid>.ndjson` (ULIDs sort by creation time),
 * written as `*.tmp` and renamed, so a listed segment is always whole. Concurrent appends are
 * group-committed: while one segment is being fsynced, the next batches queue and share one write.
 */

const LOCK = "LOCK";
const SEG_RE = /^seg-([0-9A-HJKMNP-TV-Z]{26})\.ndjson$/;

export interface WalSegment {
  id: string;
  dir: string;
  file: string;
}

export interface AppendResult {
  accepted: number;
  duplicates: number;
}

export interface WalOptions {
  lakeDir: string;
  /** Name of this process's WAL directory, e.g. the host name plus port. */
  instance: string;
  dedupe?: RecentIdsOptions;
  now?: () => number;
}

interface Pending {
  rows: EventRow[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

const nextId = monotonicFactory();

export class Wal {
  private readonly owned = new Map<string, PidLock>();
  private readonly recent: RecentIds;
  private queue: Pending[] = [];
  private writing = false;
  private closed = false;
  private duplicateCount = 0;
  private heartbeat: NodeJS.Timeout | undefined;

  private constructor(
    readonly walRoot: string,
    /** This instance's own directory. */
    readonly dir: string,
    private readonly now: () => number,
    dedupe: RecentIdsOptions | undefined,
  ) {
    this.recent = new RecentIds(dedupe);
  }

  /** Locks this instance's directory, adopts orphaned ones and remembers the ids they hold. */
  static async open(opts: WalOptions): Promise<Wal> {
    const layout = await ensureLake(opts.lakeDir);
    const wal = new Wal(layout.walDir, layout.walInstanceDir(opts.instance), opts.now ?? Date.now, opts.dedupe);
    await mkdir(wal.dir, { recursive: true });
    wal.owned.set(wal.dir, await PidLock.acquire(path.join(wal.dir, LOCK)));
    await wal.recover(wal.dir);
    await wal.adoptOrphans();
    wal.heartbeat = setInterval(() => {
      for (const lock of wal.owned.values()) void lock.touch();
    }, 10_000);
    wal.heartbeat.unref();
    return wal;
  }

  /**
   * Remembers event_ids the lake already holds (`recentEventIds`), ingested at `atMs`: a retry of
   * them is then a duplicate, as it would have been for the process that took them in.
   */
  remember(ids: Iterable<readonly [string, number]>): number {
    let n = 0;
    for (const [id, at] of ids) if (this.recent.add(id, at)) n++;
    return n;
  }

  /** Total events dropped as repeats since open. */
  get duplicates(): number {
    return this.duplicateCount;
  }

  /** Directories this process flushes: its own and those it adopted. */
  get ownedDirs(): string[] {
    return [...this.owned.keys()];
  }

  /**
   * Takes over every WAL directory whose owner is gone (dead pid on this host, stopped heartbeat, or
   * no lock at all), cleans its unacknowledged temp files and seeds the dedupe with its ids.
   */
  async adoptOrphans(): Promise<string[]> {
    const adopted: string[] = [];
    const names = await readdir(this.walRoot).catch(() => [] as string[]);
    for (const name of names) {
      const dir = path.join(this.walRoot, name);
      if (this.owned.has(dir)) continue;
      const owner = await readLockOwner(path.join(dir, LOCK)).catch(() => undefined);
      if (owner === undefined || (owner !== null && !isOwnerGone(owner))) continue;
      // An unlocked directory without segments may be one that another process is just opening.
      if (owner === null && (await this.segmentsOf(dir)).length === 0) continue;
      try {
        this.owned.set(dir, await PidLock.acquire(path.join(dir, LOCK)));
        adopted.push(dir);
      } catch {
        continue; // someone else adopted it first
      }
    }
    for (const dir of adopted) await this.recover(dir);
    return adopted;
  }

  /** Cleans a directory this process just took charge of and remembers the ids it holds. */
  private async recover(dir: string): Promise<void> {
    await this.cleanTemps(dir);
    for (const seg of await this.segmentsOf(dir)) {
      for (const row of await readSegment(seg)) this.recent.add(row.event_id, this.now());
    }
  }

  /**
   * Drops ids seen within the window (and repeats inside the batch), writes the rest to a new
   * fsynced segment and resolves only then: the caller may acknowledge when this resolves.
   */
  async append(rows: readonly EventRow[]): Promise<AppendResult> {
    if (this.closed) throw new Error("wal is closed");
    const now = this.now();
    const fresh: EventRow[] = [];
    for (const row of rows) if (this.recent.add(row.event_id, now)) fresh.push(row);
    const duplicates = rows.length - fresh.length;
    this.duplicateCount += duplicates;
    if (fresh.length === 0) return { accepted: 0, duplicates };
    await new Promise<void>((resolve, reject) => {
      this.queue.push({ rows: fresh, resolve, reject });
      void this.drain();
    });
    return { accepted: fresh.length, duplicates };
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.writeSegment(batch.flatMap((p) => p.rows));
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) this.recent.forget(p.rows.map((r) => r.event_id));
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeSegment(rows: EventRow[]): Promise<void> {
    const file = path.join(this.dir, `seg-${nextId(this.now())}.ndjson`);
    const tmp = `${file}.tmp`;
    let text = "";
    for (const r of rows) text += JSON.stringify(r) + "\n";
    const fh = await open(tmp, "wx");
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    await fsyncDir(this.dir);
  }

  /** Segments of every owned directory, oldest first within each directory. */
  async segments(): Promise<WalSegment[]> {
    const out: WalSegment[] = [];
    for (const dir of this.owned.keys()) out.push(...(await this.segmentsOf(dir)));
    return out;
  }

  async segmentsOf(dir: string): Promise<WalSegment[]> {
    const names = await readdir(dir).catch(() => [] as string[]);
    return names
      .map((n) => SEG_RE.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ id: m[1] as string, dir, file: path.join(dir, m[0]) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Deletes segments whose rows are durably in Parquet, in the order given (oldest first). */
  async removeSegments(segs: readonly WalSegment[]): Promise<void> {
    const dirs = new Set<string>();
    for (const s of segs) {
      await unlink(s.file).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "ENOENT") throw err;
      });
      dirs.add(s.dir);
    }
    for (const d of dirs) await fsyncDir(d);
  }

  /** Releases adopted directories that have been drained, and removes them. */
  async releaseDrained(): Promise<void> {
    for (const [dir, lock] of this.owned) {
      if (dir === this.dir) continue;
      if ((await this.segmentsOf(dir)).length > 0) continue;
      await lock.release();
      await rm(dir, { recursive: true, force: true });
      this.owned.delete(dir);
    }
  }

  /** Waits for queued appends, then unlocks every owned directory. Unflushed segments stay for the next owner. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    while (this.writing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    for (const lock of this.owned.values()) await lock.release();
    this.owned.clear();
  }

  private async cleanTemps(dir: string): Promise<void> {
    for (const n of await readdir(dir).catch(() => [] as string[])) {
      // A temp segment was never acknowledged: its client got no answer and will retry.
      if (n.endsWith(".tmp")) await rm(path.join(dir, n), { force: true });
    }
  }
}

/** Rows of a segment; lines that do not parse are skipped (the flusher quarantines such a segment). */
export async function readSegment(seg: WalSegment): Promise<EventRow[]> {
  const text = await readFile(seg.file, "utf8");
  const rows: EventRow[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      rows.push(JSON.parse(line) as EventRow);
    } catch {
      continue;
    }
  }
  return rows;
}
