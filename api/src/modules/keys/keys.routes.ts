import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../app";
import { withTotal } from "../../lib/list";
import { requireUser } from "../../plugins/auth";
import { writeAudit } from "../../plugins/audit";
import { CreatedKeyDto, KeyCreateBody, KeyDto, KeyIdParams, KeyListQuery } from "./keys.schemas";
import { createKey, listKeys, revokeKey, toKeyDto } from "./keys.service";

/**
 * Ingest keys (platform → POST /v1/ingest/events) and SDK client keys, admin only. A key is shown
 * once, in the 201 answer; lists show its prefix. DELETE revokes: the row stays for the audit trail.
 */
export async function keysRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.db;
  const tags = ["keys"];

  app.get("/api/keys", { config: { access: "keys:read" }, schema: { tags, querystring: KeyListQuery } }, async (request, reply) => {
    const { rows, total } = await listKeys(db, request.query as KeyListQuery);
    return withTotal(reply, rows, total);
  });

  app.post("/api/keys", { config: { access: "keys:write" }, schema: { tags, body: KeyCreateBody, response: { 201: CreatedKeyDto } } }, async (request, reply) => {
    const user = requireUser(request);
    const body = request.body as KeyCreateBody;
    const created = await db.transaction(async (tx) => {
      const { row, key } = await createKey(tx, { ...body, createdBy: user.id });
      const dto = toKeyDto(row, user.email);
      // the audit row gets the prefix, never the key
      await writeAudit(tx, request, { action: "key.create", entity: "api_key", entityId: row.id, after: dto });
      return { ...dto, key };
    });
    return reply.status(201).header("cache-control", "no-store").send(created);
  });

  app.delete("/api/keys/:id", { config: { access: "keys:write" }, schema: { tags, params: KeyIdParams, response: { 200: KeyDto } } }, async (request) => {
    const { id } = request.params as KeyIdParams;
    return db.transaction(async (tx) => {
      const change = await revokeKey(tx, id);
      if (change.changed) await writeAudit(tx, request, { action: "key.revoke", entity: "api_key", entityId: id, before: change.before, after: change.after });
      return change.after;
    });
  });
}
