import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../app";
import { withTotal } from "../../lib/list";
import { writeAudit } from "../../plugins/audit";
import { UserDto } from "../auth/auth.schemas";
import { IdParams, UserCreateBody, UserListQuery, UserUpdateBody } from "./users.schemas";
import { createUser, getUser, listUsers, toUserDto, updateUser } from "./users.service";

/** Users admin, Refine simple-rest conventions. DELETE disables: audit rows keep pointing at the user. */
export async function usersRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.db;
  const tags = ["users"];

  app.get("/api/users", { config: { access: "users:read" }, schema: { tags, querystring: UserListQuery } }, async (request, reply) => {
    const { rows, total } = await listUsers(db, request.query as UserListQuery);
    return withTotal(reply, rows, total);
  });

  app.get("/api/users/:id", { config: { access: "users:read" }, schema: { tags, params: IdParams, response: { 200: UserDto } } }, async (request) =>
    toUserDto(await getUser(db, (request.params as IdParams).id)),
  );

  app.post("/api/users", { config: { access: "users:write" }, schema: { tags, body: UserCreateBody, response: { 201: UserDto } } }, async (request, reply) => {
    const user = await db.transaction(async (tx) => {
      const created = await createUser(tx, request.body as UserCreateBody);
      await writeAudit(tx, request, { action: "user.create", entity: "user", entityId: created.id, after: toUserDto(created) });
      return created;
    });
    return reply.status(201).send(toUserDto(user));
  });

  app.patch(
    "/api/users/:id",
    { config: { access: "users:write" }, schema: { tags, params: IdParams, body: UserUpdateBody, response: { 200: UserDto } } },
    async (request) => {
      const body = request.body as UserUpdateBody;
      const { id } = request.params as IdParams;
      const after = await db.transaction(async (tx) => {
        const change = await updateUser(tx, id, body);
        await writeAudit(tx, request, {
          action: body.password && Object.keys(body).length === 1 ? "user.password_reset" : "user.update",
          entity: "user",
          entityId: id,
          before: toUserDto(change.before),
          after: toUserDto(change.after),
        });
        return change.after;
      });
      // after the commit: a demoted or disabled user, or a new password, takes effect on the next request
      await app.sessions.forgetUser(id);
      return toUserDto(after);
    },
  );

  app.delete("/api/users/:id", { config: { access: "users:write" }, schema: { tags, params: IdParams, response: { 200: UserDto } } }, async (request) => {
    const { id } = request.params as IdParams;
    const after = await db.transaction(async (tx) => {
      const change = await updateUser(tx, id, { disabled: true });
      await writeAudit(tx, request, { action: "user.disable", entity: "user", entityId: id, before: toUserDto(change.before), after: toUserDto(change.after) });
      return change.after;
    });
    await app.sessions.forgetUser(id);
    return toUserDto(after);
  });
}
