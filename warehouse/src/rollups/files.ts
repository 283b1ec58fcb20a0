import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { PARQUET_OPTIONS } from "../lake/duckdb.js";
import { fsyncDir, fsyncFile } from "../lake/fsx.js";
import { sqlString } from "../lake/layout.js";

export interface FileSig {
  file: string;
  name: string;
  key: string;
}

/** `*.parquet` files of a directory with a signature that changes whenever a file is replaced. */
export async function listParquet(dir: string, pattern = /\.parquet$/): Promise<FileSig[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: FileSig[] = [];
  for (const name of names.sort()) {
    if (!pattern.test(name)) continue;
    const file = path.join(dir, name);
    const st = await stat(file).catch(() => null);
    if (st) out.push({ file, name, key: `${st.ino}:${st.size}:${st.mtimeMs}` });
  }
  return out;
}

/** Parquet parts of the events partitions of the given UTC days (days without a directory are skipped). */
export async function eventFiles(dayDirs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const dir of dayDirs) for (const f of await listParquet(dir, /^part-.+\.parquet$/)) files.push(f.file);
  return files;
}

/** `[ 'a', 'b' ]` for read_parquet; paths are ours, never user input. */
export function fileList(files: readonly string[]): string {
  return `[${files.map(sqlString).join(", ")}]`;
}

/**
 * Writes Parquet files so that a reader sees either the old file or the whole new one: each
 * `select` goes to `<file>.tmp`, then all temp files are fsynced together (one journal commit for
 * the batch instead of one per file: a rebuild writes hundreds) and renamed into place.
 */
export async function writeParquetFiles(conn: DuckDBConnection, outputs: readonly { select: string; file: string }[]): Promise<void> {
  for (const { select, file } of outputs) {
    await mkdir(path.dirname(file), { recursive: true });
    await conn.run(`copy (${select}) to ${sqlString(`${file}.tmp`)} (${PARQUET_OPTIONS})`);
  }
  await Promise.all(outputs.map(({ file }) => fsyncFile(`${file}.tmp`)));
  for (const { file } of outputs) await rename(`${file}.tmp`, file);
}

export async function writeParquet(conn: DuckDBConnection, select: string, file: string): Promise<void> {
  await writeParquetFiles(conn, [{ select, file }]);
}

export async function removeFile(file: string): Promise<boolean> {
  const existed = await stat(file).then(() => true, () => false);
  if (existed) await rm(file, { force: true });
  return existed;
}

export async function syncDirs(dirs: Iterable<string>): Promise<void> {
  for (const dir of new Set(dirs)) await fsyncDir(dir).catch(() => undefined);
}
