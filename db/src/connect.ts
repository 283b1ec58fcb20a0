import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { openDb, type DbHandle } from "./client";

/**
 * Embedded mode: PGlite is single-process, so the process that owns the files (the api) serves it
 * over the PostgreSQL wire protocol on loopback and records where in `<dataDir>/pgwire.json`.
 * Every other process (workers, the CLI) connects through that; with nobody serving, the CLI may
 * open the files itself.
 */
export interface WireInfo {
  port: number;
  pid: number;
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
  return `postgres://postgres@127.0.0.1:${info.port}/postgres?sslmode=disable`;
}

/** Serves an embedded PGlite on a loopback port; returns a stop function. */
export async function serveWire(handle: DbHandle, dataDir: string, port = 0): Promise<() => Promise<void>> {
  if (!handle.pglite) throw new Error("serveWire needs an embedded (PGlite) database");
  const server = new PGLiteSocketServer({ db: handle.pglite, host: "127.0.0.1", port, maxConnections: 32 });
  await server.start();
  const actualPort = Number(server.getServerConn().split(":").pop());
  writeFileSync(wireFile(dataDir), JSON.stringify({ port: actualPort, pid: process.pid } satisfies WireInfo));
  return async () => {
    rmSync(wireFile(dataDir), { force: true });
    await server.stop();
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
