import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app";
import { sendPage } from "../../lib/list";
import { mutate } from "../../lib/mutate";
import { authed } from "../../lib/responses";
import { requireUser } from "../../plugins/auth";
import { CreatedKeyDto, KeyCreateBody, KeyDto, KeyIdParams, KeyListQuery } from "./keys.schemas";
import { createKey, listKeys, revokeKey, toKeyDto } from "./keys.service";

/**
 * Ingest keys (platform → POST /v1/ingest/events) and SDK client keys, admin only. A key is shown
 * once, in the 201 answer; lists show its prefix. DELETE revokes: the row stays for the audit trail.
 */
export const keysRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.db;
  const tags = ["keys"];

  app.get("/api/keys", { config: { access: "keys:read" }, schema: { tags, querystring: KeyListQuery, response: { 200: z.array(KeyDto), ...authed(400) } } }, async (request, reply) =>
    sendPage(reply, await listKeys(db, request.query)),
  );

  app.post("/api/keys", { config: { access: "keys:write" }, schema: { tags, body: KeyCreateBody, response: { 201: CreatedKeyDto, ...authed(400) } } }, async (request, reply) => {
    const user = requireUser(request);
    const created = await mutate(
      db,
      request,
      async (tx) => {
        const { row, key } = await createKey(tx, { ...request.body, createdBy: user.id });
        return { ...toKeyDto(row, user.email), key };
      },
      // the audit row gets the prefix, never the key
      ({ key: _key, ...dto }) => ({ action: "key.create", entity: "api_key", entityId: dto.id, after: dto }),
    );
    return reply.status(201).header("cache-control", "no-store").send(created);
  });

  app.delete("/api/keys/:id", { config: { access: "keys:write" }, schema: { tags, params: KeyIdParams, response: { 200: KeyDto, ...authed(400, 404) } } }, async (request) => {
    const { id } = request.params;
    const change = await mutate(
      db,
      request,
      (tx) => revokeKey(tx, id),
      // revoking a revoked key changes nothing and writes no audit row
      (c) => (c.changed ? { action: "key.revoke", entity: "api_key", entityId: id, before: c.before, after: c.after } : null),
    );
    return change.after;
  });
};
