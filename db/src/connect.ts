import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { openDb, type DbHandle } from "./client";
import { startAuthFront } from "./wire-auth";

/**
 * Embedded mode: PGlite is single-process, so the process that owns the files (the api) serves it
 * over the PostgreSQL wire protocol on loopback and records where in `<dataDir>/pgwire.json`.
 * Every other process (workers, the CLI) connects through that; with nobody serving, the CLI may
 * open the files itself.
 *
 * The wire server asks for a password generated at each start and kept only in that file (0600,
 * in the 0700 data directory): any other local user, or a process that cannot read the data
 * directory, is refused (see wire-auth.ts).
 */
export interface WireInfo {
  port: number;
  pid: number;
  password: string;
}

const wireFile = (dataDir: string) => join(dataDir, "pgwire.json");
export const pgliteDir = (dataDir: string) => join(dataDir, "pg");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readWire(dataDir: string): WireInfo | undefined {
  if (!existsSync(wireFile(dataDir))) return undefined;
  try {
    const info = JSON.parse(readFileSync(wireFile(dataDir), "utf8")) as WireInfo;
    return alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export function wireUrl(info: WireInfo): string {
  return `postgres://postgres:${encodeURIComponent(info.password)}@127.0.0.1:${info.port}/postgres?sslmode=disable`;
}

/** A directory only this user can enter, for the backend socket (Unix socket paths stop at ~107 bytes). */
function socketDir(dataDir: string): string {
  const dir = join(dataDir, "run");
  if (join(dir, "pg.sock").length < 100) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    return dir;
  }
  return mkdtempSync(join(tmpdir(), "ist-pg-"));
}

/** Writes a file readable by its owner only, atomically (a reader never sees half of it). */
export function writePrivateFile(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/**
 * Serves an embedded PGlite on a loopback port behind a SCRAM-SHA-256 password check; returns a
 * stop function. PGlite's own socket server listens on a Unix socket in a 0700 directory.
 */
export async function serveWire(handle: DbHandle, dataDir: string, port = 0): Promise<() => Promise<void>> {
  if (!handle.pglite) throw new Error("serveWire needs an embedded (PGlite) database");
  const dir = socketDir(dataDir);
  const backendPath = join(dir, "pg.sock");
  rmSync(backendPath, { force: true });
  const backend = new PGLiteSocketServer({ db: handle.pglite, path: backendPath, maxConnections: 32 });
  await backend.start();
  chmodSync(backendPath, 0o600);
  const password = randomBytes(24).toString("base64url");
  const front = await startAuthFront({ host: "127.0.0.1", port, password, backendPath });
  writePrivateFile(wireFile(dataDir), JSON.stringify({ port: front.port, pid: process.pid, password } satisfies WireInfo));
  return async () => {
    rmSync(wireFile(dataDir), { force: true });
    await front.close();
    await backend.stop();
    rmSync(backendPath, { force: true });
  };
}

export type ConnectMode = "owner" | "client";

/**
 * Opens the operational database the way a process of this deployment should:
 * `DATABASE_URL` → PostgreSQL; otherwise the embedded PGlite, through the owner's wire server
 * when one is running, or the files directly (and then this process is the owner).
 */
export async function connectDb(opts: { databaseUrl?: string; dataDir: string; poolSize?: number }): Promise<DbHandle & { mode: ConnectMode }> {
  if (opts.databaseUrl) return { ...(await openDb({ url: opts.databaseUrl, poolSize: opts.poolSize })), mode: "client" };
  const wire = readWire(opts.dataDir);
  if (wire) return { ...(await openDb({ url: wireUrl(wire), poolSize: 1 })), mode: "client" };
  return { ...(await openDb({ pgliteDir: pgliteDir(opts.dataDir) })), mode: "owner" };
}
