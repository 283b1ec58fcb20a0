import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "./client";
import { notifications } from "./schema/notifications";

const FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

/** Migration 0002 carries the bell notifications of before (one per alert event) into the generic table. */
describe("generic notifications migration", () => {
  let handle: DbHandle;
  const dirs: string[] = [];
  afterAll(async () => {
    await handle?.close();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  /** The migrations folder as it stood before 0002. */
  function folderUpTo(tag: string): string {
    const dir = mkdtempSync(join(tmpdir(), "ist-mig-"));
    dirs.push(dir);
    cpSync(FOLDER, dir, { recursive: true });
    const journal = JSON.parse(readFileSync(join(dir, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag) + 1);
    writeFileSync(join(dir, "meta/_journal.json"), JSON.stringify(journal));
    return dir;
  }

  it("keeps every notification, now with kind, entity, payload, link and dedupe key", async () => {
    handle = await openDb({ pgliteDir: undefined });
    const db = handle.db;
    await migratePglite(db as never, { migrationsFolder: folderUpTo("0001_alerts") });
    await db.execute(sql`insert into users (email, password_hash, role, display_name) values ('op@x', 'h', 'operator', 'Op'), ('ad@x', 'h', 'admin', 'Ad')`);
    await db.execute(sql`insert into alert_rules (name, metric, kind, operator, threshold, grain) values ('Spike', 'trades', 'threshold', 'gt', '5', 'hour')`);
    await db.execute(sql`insert into alert_events (rule_id, kind, from_state, to_state, value, at) values
      (1, 'firing', 'ok', 'firing', '12.5', '2026-03-03T10:00:00Z'), (1, 'resolved', 'firing', 'resolved', null, '2026-03-03T11:00:00Z')`);
    await db.execute(sql`insert into notifications (user_id, event_id, read_at) values (1, 1, '2026-03-03T10:05:00Z'), (1, 2, null), (2, 1, null)`);

    await migratePglite(db as never, { migrationsFolder: FOLDER });
    const rows = await db.select().from(notifications).orderBy(notifications.id);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      userId: 1,
      kind: "alert.firing",
      entity: "alert_rule",
      entityId: "1",
      link: "/alerts/show/1",
      dedupeKey: "alert_event:1",
      payload: { title: "🔴 Firing: Spike", eventId: 1, ruleId: 1, ruleName: "Spike", metric: "trades", eventKind: "firing", toState: "firing", value: 12.5, at: "2026-03-03T10:00:00.000Z" },
    });
    expect(rows[0]!.readAt?.toISOString()).toBe("2026-03-03T10:05:00.000Z");
    expect(rows[1]).toMatchObject({ kind: "alert.resolved", dedupeKey: "alert_event:2", readAt: null, payload: { title: "✅ Resolved: Spike", value: null } });
    expect(rows[2]).toMatchObject({ userId: 2, dedupeKey: "alert_event:1" });
    // the dedupe key is unique per user
    await expect(db.execute(sql`insert into notifications (user_id, kind, entity, payload, dedupe_key) values (1, 'x', 'y', '{}', 'alert_event:1')`)).rejects.toThrow();
  });
});
