import { mkdir, stat, unlink } from "node:fs/promises";
import { ulid } from "ulid";
import { writeFileDurable } from "../lake/fsx.js";
import { listParquet, type FileSig } from "./files.js";
import { rollupLayout, type RollupLayout } from "./layout.js";

/**
 * Dirty marks: `rollups/_dirty/<dt>`, written (fsynced) by a flush before it writes a day's part,
 * removed by the roll-up that covered the day. A process killed between its flush and its roll-up
 * leaves the mark, and the next roll-up of any process takes the day.
 */

export async function markDirty(lakeDir: string, dts: readonly string[]): Promise<void> {
  const layout = rollupLayout(lakeDir);
  await mkdir(layout.dirtyDir, { recursive: true });
  // A new file each time (new inode): a roll-up that read the old mark will not remove this one.
  for (const dt of dts) await writeFileDurable(layout.dirtyFile(dt), ulid());
}

export function listDirty(layout: RollupLayout): Promise<FileSig[]> {
  return listParquet(layout.dirtyDir, /^\d{4}-\d{2}-\d{2}$/);
}

/** Removes the marks a roll-up covered, unless a flush marked the day again meanwhile. */
export async function clearDirty(marks: readonly FileSig[]): Promise<void> {
  for (const m of marks) {
    const st = await stat(m.file).catch(() => null);
    if (st && `${st.ino}:${st.size}:${st.mtimeMs}` === m.key) await unlink(m.file).catch(() => undefined);
  }
}
