import { connectDb, migrate, sealLegacyPii, type Db } from "@ist/db";
import { loadConfig } from "../config";

/** Opens the operational database the way `ist users create` does (through the api when it runs). */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await connectDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 1 });
  try {
    if (handle.mode === "owner" || config.DATABASE_URL) {
      await migrate(handle);
      await sealLegacyPii(handle.db);
    }
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}
