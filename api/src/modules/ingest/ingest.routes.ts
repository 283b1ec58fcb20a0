import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Counter } from "prom-client";
import { z } from "zod";
import { sha256 } from "@ist/db";
import { MAX_EVENTS_PER_BATCH } from "@ist/warehouse";
import type { AppDeps } from "../../app";
import { AppError } from "../../errors";
import { errors } from "../../lib/responses";
import { KeyVerifier } from "../keys/keys.service";
import { BadKeyThrottle } from "./bad-key-throttle";
import { minTimestamp } from "./min-timestamp";

/** DESIGN "Event contract": up to 10,000 events and 5 MB a batch. */
export const INGEST_BODY_LIMIT = 5 * 1024 * 1024;

const IngestResponse = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int().describe("event_ids seen in the last 24 h: already stored, not stored again"),
  rejected: z.number().int(),
  errors: z.array(z.object({ index: z.number().int(), reason: z.string() })).describe("one per rejected event; the reason names the field"),
});

/**
 * `POST /v1/ingest/events`: the platform's events into the lake. Answered 202 only once the
 * accepted events are fsynced in this process's WAL; a bad event is reported and never sinks the
 * batch; a retry with the same event_ids stores nothing twice.
 */
export const ingestRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const keyChecks = new Counter({
    name: "ingest_key_checks_total",
    help: "Ingest key checks that reached the database (lookup) or were refused before it (throttled: too many unknown keys from one address)",
    labelNames: ["outcome"],
    registers: [app.metrics.registry],
  });
  const keys = new KeyVerifier(deps.db.db, "ingest", {
    onError: (err) => app.log.warn({ err }, "could not record an ingest key's last use"),
    onLookup: () => keyChecks.inc({ outcome: "lookup" }),
  });
  const badKeys = new BadKeyThrottle(deps.config.INGEST_BAD_KEYS_PER_MINUTE);

  // This scope's JSON is parsed as JSON.parse does, without Fastify's prototype-poisoning
  // refusal: that refused the whole body ("Body is not valid JSON") for one event whose props
  // held `__proto__`. Here such a key is an own property, and that event alone is refused with a
  // reason (warehouse/src/events/checks.ts); nothing copies it into a prototype.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.post(
    "/v1/ingest/events",
    {
      bodyLimit: INGEST_BODY_LIMIT,
      // a machine route at up to 50 requests/s: no per-request lines at info (failures still log)
      logLevel: "warn",
      config: {
        // `public` only in the console-session sense: machines send events, and this route checks
        // its own credential, an ingest key, in onRequest below (before the body is read)
        access: "public",
        // NUL, prototype keys and nesting are checked per event: one bad event never sinks the batch
        ownInputChecks: true,
        rateLimit: {
          max: deps.config.INGEST_MAX_PER_MINUTE,
          timeWindow: "1 minute",
          // per key (runs after the key check, so only real keys get a bucket)
          keyGenerator: (request) => `ingest-${sha256(request.headers.authorization ?? "").slice(0, 32)}`,
        },
      },
      onRequest: async (request) => {
        const { authorization } = request.headers;
        // an address past its unknown-key budget costs no database lookup, unless its key is known good
        const wait = badKeys.retryAfter(request.ip);
        if (wait > 0 && !keys.cached(authorization)) {
          keyChecks.inc({ outcome: "throttled" });
          throw new AppError("rate_limited", `too many unknown ingest keys from this address; try again in ${wait} s`, { retryAfterSeconds: wait });
        }
        if (!(await keys.verify(authorization))) {
          badKeys.failed(request.ip);
          throw new AppError("unauthorized", "send a valid ingest key: Authorization: Bearer ist_ing_…");
        }
      },
      schema: {
        tags: ["ingest"],
        summary: "Ingest platform events (ingest key)",
        security: [{ ingestKey: [] }],
        // each event is validated by the event contract on its own (a bad one never sinks the batch)
        body: z.object({ events: z.array(z.unknown(), { error: "must be an array of events" }).describe("up to 10,000 events: { event_id, type, user_id, ts, props } (warehouse/README.md)") }),
        response: { 202: IngestResponse, ...errors(400, 401, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      // the schema checks only the envelope: a bad event is reported per event, never by rejecting the batch
      const { events } = request.body;
      if (events.length > MAX_EVENTS_PER_BATCH) {
        throw new AppError("payload_too_large", `events: at most ${MAX_EVENTS_PER_BATCH} events per batch, got ${events.length}`);
      }
      const minTs = minTimestamp(deps.config.INGEST_MIN_TIMESTAMP, new Date());
      return reply.status(202).send(await app.warehouse.ingest(events, { minTs }));
    },
  );
};
