import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { settings } from "./schema/index";

const KEY = "installation.id";

/**
 * A random id generated once per installation and kept in its database, so every process of the
 * installation (api, workers, CLI) derives the same value wherever it runs, and two installations
 * sharing one Redis never do. Used for the default BullMQ key prefix.
 */
export async function installationId(db: Db): Promise<string> {
  const read = async () => {
    const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
    return typeof row?.value === "string" ? row.value : undefined;
  };
  const existing = await read();
  if (existing) return existing;
  await db.insert(settings).values({ key: KEY, value: randomBytes(6).toString("hex") }).onConflictDoNothing();
  const id = await read();
  if (!id) throw new Error("could not record the installation id");
  return id;
}
