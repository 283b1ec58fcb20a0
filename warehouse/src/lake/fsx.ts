import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm, stat, unlink, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";

/** Makes a directory entry (a create, rename or unlink inside `dir`) survive power loss. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Writes `data` to `file` so that a reader or a crash sees either nothing or the whole file:
 * temp file beside it, fsync, rename, fsync the directory.
 */
export async function writeFileDurable(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  const fh = await open(tmp, "wx");
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  await fsyncDir(path.dirname(file));
}

/** fsyncs a file that something else (DuckDB's COPY) wrote. */
export async function fsyncFile(file: string): Promise<void> {
  const fh = await open(file, "r+");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  at: string;
  /** Last heartbeat: the lock file's mtime. */
  mtimeMs: number;
}

/**
 * A lock whose heartbeat is older than this is abandoned even if its pid looks alive: the pid was
 * reused, or the owner ran on another host (a container restarted under a new name on a shared volume).
 */
export const LOCK_STALE_MS = 5 * 60_000;

export async function readLockOwner(lockFile: string): Promise<LockOwner | null> {
  try {
    const [text, st] = await Promise.all([readFile(lockFile, "utf8"), stat(lockFile)]);
    try {
      return { ...(JSON.parse(text) as Omit<LockOwner, "mtimeMs">), mtimeMs: st.mtimeMs };
    } catch {
      // Cut short by a crash between create and write: nobody can prove ownership.
      return { pid: -1, host: hostname(), token: "", at: "", mtimeMs: st.mtimeMs };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** True when the lock's owner is provably gone: its pid is dead on this host, or its heartbeat stopped. */
export function isOwnerGone(owner: LockOwner, now = Date.now()): boolean {
  if (now - owner.mtimeMs > LOCK_STALE_MS) return true;
  return owner.host === hostname() && (owner.pid <= 0 || !isPidAlive(owner.pid));
}

export class LockBusyError extends Error {
  constructor(
    readonly lockFile: string,
    readonly ownerPid: number,
  ) {
    super(`lock ${lockFile} is held by pid ${ownerPid}`);
  }
}

/** A pid lock file, created with O_EXCL; a lock whose owner died (or stopped its heartbeat) is taken over. */
export class PidLock {
  private constructor(
    readonly file: string,
    private readonly token: string,
  ) {}

  static async acquire(file: string): Promise<PidLock> {
    const token = randomBytes(8).toString("hex");
    const owner = { pid: process.pid, host: hostname(), token, at: new Date().toISOString() };
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const fh = await open(file, "wx");
        try {
          await fh.writeFile(JSON.stringify(owner));
          await fh.sync();
        } finally {
          await fh.close();
        }
        await fsyncDir(path.dirname(file));
        return new PidLock(file, token);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const current = await readLockOwner(file);
      if (current === null) continue;
      if (!isOwnerGone(current)) throw new LockBusyError(file, current.pid);
      // Rename is atomic: of two processes taking over the same dead lock, one gets ENOENT and retries.
      const stale = `${file}.stale-${token}`;
      try {
        await rename(file, stale);
        await rm(stale, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
    throw new Error(`could not acquire lock ${file}`);
  }

  /** Heartbeat: owners call this regularly (see LOCK_STALE_MS). */
  async touch(): Promise<void> {
    const now = new Date();
    await utimes(this.file, now, now).catch(() => undefined);
  }

  /** Removes the lock file if it is still ours. */
  async release(): Promise<void> {
    const current = await readLockOwner(this.file);
    if (current?.token !== this.token) return;
    await unlink(this.file).catch(() => undefined);
  }
}
