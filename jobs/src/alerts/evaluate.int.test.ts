import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { alertEvents, alertRules, alertStates, and, asc, eq, FieldCipher, generateKey, jobRuns, notifications, users, type Db, type JobRun, type NewAlertRule } from "@ist/db";
import { Flusher, ingestBatch, QueryPool, Wal } from "@ist/warehouse";
import { databaseTargets, freshDatabase, type TestDatabase } from "@ist/db/testing";
import { useTempLake } from "@ist/warehouse/testing";
import { jobIdFor } from "../contracts";
import { createQueues, type Queues } from "../queues";
import { startWorkers, type Workers } from "../worker";
import { alertServicesFrom } from "./services";

const redisUrl = inject("redisUrl");
const tempLake = useTempLake("file");
const H = 3_600_000;
const WEEK = 7 * 24 * H;
const SPIKE = Date.parse("2025-03-03T10:00:00Z"); // a Monday, 10:00–11:00 UTC
const SECRET = "whsec-0123456789abcdef";
const KEY = generateKey();

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A tiny lake: trades in the Monday 10:00 hour of 8 past weeks (18–22 a week), then 80 in the hour judged. */
async function buildLake(lakeDir: string): Promise<void> {
  const wal = await Wal.open({ lakeDir, instance: "alerts-test" });
  const flusher = new Flusher({ wal, lakeDir });
  let n = 0;
  const trade = (ts: number) => ({
    event_id: `t${n++}`,
    type: "trade",
    user_id: `u${n % 9}`,
    ts: new Date(ts).toISOString(),
    props: { symbol: "BTCUSD", side: "buy", qty: "1", price: "100", fee: "0.1", currency: "USD", is_copy: false },
  });
  const events: object[] = [];
  [20, 18, 22, 19, 21, 20, 18, 22].forEach((count, w) => {
    for (let i = 0; i < count; i++) events.push(trade(SPIKE - (w + 1) * WEEK + i * 60_000));
  });
  for (let i = 0; i < 80; i++) events.push(trade(SPIKE + i * 40_000));
  events.push({ event_id: "c1", type: "campaign_touch", user_id: "u1", ts: new Date(SPIKE + 60_000).toISOString(), props: { campaign_id: "spring-promo", channel: "push", action: "sent" } });
  events.push({ event_id: "c2", type: "campaign_touch", user_id: "u2", ts: new Date(SPIKE + 90_000).toISOString(), props: { campaign_id: "spring-promo", channel: "push", action: "sent" } });
  events.push({ event_id: "x1", type: "experiment_exposure", user_id: "u3", ts: new Date(SPIKE + 120_000).toISOString(), props: { experiment_key: "fee-discount", variation: "b" } });
  const result = await ingestBatch(wal, events, new Date(SPIKE + 2 * H));
  expect(result).toMatchObject({ rejected: 0, accepted: events.length });
  await flusher.flushNow();
  await flusher.stop();
  await wal.close();
}

async function listen(server: Server | SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const http = server instanceof SMTPServer ? (server as unknown as { server: Server }).server : server;
  return (http.address() as AddressInfo).port;
}

async function waitForRun(db: Db, queue: string, jobId: string): Promise<JobRun> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await db.select().from(jobRuns).where(and(eq(jobRuns.queue, queue), eq(jobRuns.jobId, jobId)));
    if (row && (row.state === "completed" || row.state === "failed")) return row;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish; last: ${JSON.stringify(row)}`);
    await sleep(50);
  }
}

describe.skipIf(!redisUrl).each(databaseTargets())("alert evaluation on real Redis, a tiny lake and %s", (kind) => {
  const prefix = `ist-test-alerts-${kind}-${randomBytes(4).toString("hex")}`;
  const hooks: Received[] = [];
  const mails: string[] = [];
  let t: TestDatabase;
  let db: Db;
  let pool: QueryPool;
  let queues: Queues;
  let workers: Workers;
  let webhook: Server;
  let smtp: SMTPServer;
  let hookUrl = "";
  let operatorId = 0;

  const run = async (name: "evaluate" | "send-test", payload: Record<string, unknown>) => {
    const { jobId } = await queues.enqueue({ queue: "alerts", name, payload } as never, { jobId: jobIdFor("alerts", name, randomBytes(4).toString("hex")) });
    const done = await waitForRun(db, "alerts", jobId);
    expect(done, JSON.stringify(done)).toMatchObject({ state: "completed" });
    return done.result as Record<string, unknown>;
  };
  const rule = async (values: Partial<NewAlertRule>) => {
    const base: NewAlertRule = { name: "Trades anomaly", metric: "trades", kind: "anomaly", operator: "abs_gt", sensitivity: "medium", grain: "hour", forMinutes: 0, bellRoles: ["operator"] };
    const [row] = await db.insert(alertRules).values({ ...base, ...values }).returning();
    return row!;
  };

  beforeAll(async () => {
    t = await freshDatabase(kind);
    db = t.handle.db;
    const [op] = await db.insert(users).values({ email: "op@x.io", passwordHash: "x", role: "operator", displayName: "Op" }).returning();
    operatorId = op!.id;
    await db.insert(users).values({ email: "viewer@x.io", passwordHash: "x", role: "viewer", displayName: "Vi" });
    const lakeDir = await tempLake();
    await buildLake(lakeDir);
    pool = await QueryPool.open({ lakeDir, connections: 1 });

    webhook = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        hooks.push({ headers: req.headers, body });
        res.writeHead(req.url === "/broken" ? 500 : 200).end("ok");
      });
    });
    hookUrl = `http://127.0.0.1:${await listen(webhook)}`;
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, _session, done) {
        let text = "";
        stream.on("data", (c: Buffer) => (text += c.toString()));
        stream.on("end", () => (mails.push(text), done()));
      },
    });
    const smtpPort = await listen(smtp);

    // the test webhook listens on loopback: allowed by name, as an admin would allow an internal receiver
    const config = { auditRetentionDays: 400, outbound: { allowHosts: ["127.0.0.1"] }, alerts: { encryptionKey: KEY, smtpUrl: `smtp://127.0.0.1:${smtpPort}`, emailFrom: "alerts@ist.io" } };
    workers = await startWorkers({ db, redisUrl, prefix, log: pino({ level: "silent" }), config, queues: ["alerts"], services: { alerts: alertServicesFrom({ reader: pool, zone: "UTC", rollups: false }) } });
    queues = createQueues({ url: redisUrl, prefix, db });
  });
  afterAll(async () => {
    await workers?.close();
    await queues?.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await pool?.close();
    webhook?.close();
    smtp?.close();
    await t?.drop();
  });

  it("fires on a planted anomaly with context, a signed webhook, email and the bell; then resolves", async () => {
    const secret = new FieldCipher(KEY).encrypt(SECRET);
    const spiky = await rule({ webhookUrl: `${hookUrl}/hook`, webhookSecretEnc: secret, emailTo: ["ops@example.com"] });
    const muted = await rule({ name: "Muted twin", muted: true, webhookUrl: `${hookUrl}/hook`, webhookSecretEnc: secret });
    const broken = await rule({ name: "Broken hook", webhookUrl: `${hookUrl}/broken`, webhookSecretEnc: secret });
    const unreadable = await rule({ name: "NPS", metric: "nps" });
    const ids = [spiky.id, muted.id, broken.id, unreadable.id];

    const at = new Date(SPIKE + H + 5 * 60_000).toISOString();
    expect(await run("evaluate", { at, ruleIds: ids })).toEqual({ evaluated: 3, skipped: 0, firing: 3, resolved: 0, errors: 1 });

    // the webhook got one signed body per loud rule: the spiky one and the broken one (muted stays silent)
    expect(hooks).toHaveLength(2);
    for (const hook of hooks) {
      const expected = `sha256=${createHmac("sha256", SECRET).update(hook.body).digest("hex")}`;
      expect(hook.headers["x-ist-signature"]).toBe(expected);
      expect(Number(hook.headers["x-ist-timestamp"])).toBeGreaterThan(1_700_000_000);
      expect(hook.headers["content-type"]).toBe("application/json");
      const body = JSON.parse(hook.body);
      expect(body.text).toMatch(/^🔴 Firing: (Trades anomaly|Broken hook)\ntrades = 80\n/);
      expect(body.blocks[0]).toMatchObject({ type: "header" });
    }
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/^To: ops@example\.com$/m);
    expect(mails[0]).toContain("trades =3D 80"); // quoted-printable "="

    const states = await db.select().from(alertStates).orderBy(asc(alertStates.ruleId));
    expect(states.map((s) => [s.ruleId, s.state, s.lastValue === null ? null : Number(s.lastValue), s.lastError])).toEqual([
      [spiky.id, "firing", 80, null],
      [muted.id, "firing", 80, null],
      [broken.id, "firing", 80, null],
      [unreadable.id, "unevaluated", null, "grain: nps is not available by hour (allowed: day, week, month)"],
    ]);
    const [event] = await db.select().from(alertEvents).where(eq(alertEvents.ruleId, spiky.id));
    // history of the 10:00 slot: 18 18 19 20 20 21 22 22 → median 20
    expect(event).toMatchObject({ kind: "firing", fromState: "unevaluated", toState: "firing", value: "80", baseline: "20" });
    expect(event!.context).toMatchObject({
      window: { from: "2025-03-03T10:00:00.000Z", to: "2025-03-03T11:00:00.000Z" },
      campaignsSent: [{ campaignId: "spring-promo", channel: "push", touches: 2, sent: 2 }],
      experimentsStarted: [{ experimentKey: "fee-discount", firstExposureAt: "2025-03-03T10:02:00.000Z", exposures: 1 }],
    });
    expect(event!.deliveries).toMatchObject({ webhook: { status: "sent" }, email: { status: "sent" }, bell: { status: "sent", detail: "1 user(s)" } });
    const [mutedEvent] = await db.select().from(alertEvents).where(eq(alertEvents.ruleId, muted.id));
    expect(mutedEvent!.deliveries).toMatchObject({ webhook: { status: "skipped", reason: "muted" } });
    const [brokenEvent] = await db.select().from(alertEvents).where(eq(alertEvents.ruleId, broken.id));
    expect(brokenEvent!.deliveries).toMatchObject({ webhook: { status: "failed", error: "HTTP 500" } });
    const bells = await db.select().from(notifications).where(eq(notifications.userId, operatorId));
    expect(bells).toHaveLength(2); // the spiky rule and the broken one; muted rings no bell

    // the same instant again (a retried job) changes nothing
    expect(await run("evaluate", { at, ruleIds: ids })).toMatchObject({ evaluated: 0, skipped: 4 });
    // an hour later the 11:00 hour is as quiet as ever: resolved
    hooks.length = 0;
    const later = new Date(SPIKE + 2 * H + 5 * 60_000).toISOString();
    expect(await run("evaluate", { at: later, ruleIds: [spiky.id] })).toMatchObject({ evaluated: 1, resolved: 1 });
    expect(JSON.parse(hooks[0]!.body).text).toMatch(/^✅ Resolved: Trades anomaly/);
    const history = await db.select().from(alertEvents).where(eq(alertEvents.ruleId, spiky.id)).orderBy(asc(alertEvents.id));
    expect(history.map((e) => e.kind)).toEqual(["firing", "resolved"]);
  });

  it("sends a test notification to the requester's bell and the webhook", async () => {
    const r = await rule({ name: "Test me", webhookUrl: `${hookUrl}/hook`, webhookSecretEnc: new FieldCipher(KEY).encrypt(SECRET), enabled: false });
    hooks.length = 0;
    const result = await run("send-test", { ruleId: r.id, requestedBy: operatorId });
    expect(result).toMatchObject({ deliveries: { bell: { status: "sent" }, webhook: { status: "sent" }, email: { status: "skipped" } } });
    expect(JSON.parse(hooks[0]!.body).text).toMatch(/^🧪 Test: Test me/);
    const [event] = await db.select().from(alertEvents).where(eq(alertEvents.ruleId, r.id));
    expect(event!.kind).toBe("test");
    const bells = await db.select().from(notifications).where(eq(notifications.dedupeKey, `alert_event:${event!.id}`));
    expect(bells).toHaveLength(1);
    expect(bells[0]).toMatchObject({ userId: operatorId, kind: "alert.test", entity: "alert_rule", entityId: String(r.id), link: `/alerts/show/${r.id}`, payload: { title: "🧪 Test: Test me", ruleName: "Test me", eventKind: "test" } });
    expect(bells[0]!.payload.body).toMatch(/condition: /);
  });

  it("refuses a test to an internal address the allow-list does not name, without reaching it or telling its status", async () => {
    // the same loopback receiver under a name that is not allowed (only 127.0.0.1 is), and the cloud metadata address
    for (const url of [hookUrl.replace("127.0.0.1", "localhost"), "http://169.254.169.254/latest/meta-data/"]) {
      const r = await rule({ name: `Internal ${url}`, webhookUrl: `${url}/hook`, webhookSecretEnc: new FieldCipher(KEY).encrypt(SECRET), enabled: false });
      hooks.length = 0;
      const result = await run("send-test", { ruleId: r.id, requestedBy: operatorId });
      expect(result).toMatchObject({ deliveries: { webhook: { status: "failed", error: expect.stringMatching(/^refused: .* address \(an admin may allow the host in OUTBOUND_ALLOW_HOSTS\)$/) } } });
      expect(hooks).toHaveLength(0);
    }
  });
});
