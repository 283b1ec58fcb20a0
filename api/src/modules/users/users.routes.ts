import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { maskPersonal } from "@ist/db";
import { z } from "zod";
import type { AppDeps } from "../../app";
import { sendPage } from "../../lib/list";
import { mutate } from "../../lib/mutate";
import { canReadPii } from "../../lib/pii";
import { authed } from "../../lib/responses";
import { UserDto } from "../auth/auth.schemas";
import { IdParams, UserCreateBody, UserListQuery, UserUpdateBody } from "./users.schemas";
import { createUser, getUser, listUsers, toUserDto, updateUser } from "./users.service";

/** Users admin, Refine simple-rest conventions. DELETE disables: audit rows keep pointing at the user. */
export const usersRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.db;
  const tags = ["users"];

  // a role that may list users but not read personal data sees their emails and names masked
  const shown = (request: FastifyRequest) => (canReadPii(app, request) ? (u: UserDto) => u : (u: UserDto) => maskPersonal(u));

  app.get("/api/users", { config: { access: "users:read" }, schema: { tags, querystring: UserListQuery, response: { 200: z.array(UserDto), ...authed(400) } } }, async (request, reply) =>
    sendPage(reply, await listUsers(db, request.query), shown(request)),
  );

  app.get("/api/users/:id", { config: { access: "users:read" }, schema: { tags, params: IdParams, response: { 200: UserDto, ...authed(400, 404) } } }, async (request) =>
    shown(request)(toUserDto(await getUser(db, request.params.id))),
  );

  app.post("/api/users", { config: { access: "users:write" }, schema: { tags, body: UserCreateBody, response: { 201: UserDto, ...authed(400, 409) } } }, async (request, reply) => {
    const user = await mutate(
      db,
      request,
      (tx) => createUser(tx, request.body),
      (created) => ({ action: "user.create", entity: "user", entityId: created.id, after: toUserDto(created) }),
    );
    return reply.status(201).send(toUserDto(user));
  });

  app.patch(
    "/api/users/:id",
    { config: { access: "users:write" }, schema: { tags, params: IdParams, body: UserUpdateBody, response: { 200: UserDto, ...authed(400, 404, 409) } } },
    async (request) => {
      const { body } = request;
      const { id } = request.params;
      const { after } = await mutate(
        db,
        request,
        (tx) => updateUser(tx, id, body),
        (change) => ({
          action: body.password && Object.keys(body).length === 1 ? "user.password_reset" : "user.update",
          entity: "user",
          entityId: id,
          before: toUserDto(change.before),
          after: toUserDto(change.after),
        }),
      );
      // after the commit: a demoted or disabled user, or a new password, takes effect on the next request
      await app.sessions.forgetUser(id);
      return toUserDto(after);
    },
  );

  app.delete("/api/users/:id", { config: { access: "users:write" }, schema: { tags, params: IdParams, response: { 200: UserDto, ...authed(400, 404, 409) } } }, async (request) => {
    const { id } = request.params;
    const { after } = await mutate(
      db,
      request,
      (tx) => updateUser(tx, id, { disabled: true }),
      (change) => ({ action: "user.disable", entity: "user", entityId: id, before: toUserDto(change.before), after: toUserDto(change.after) }),
    );
    await app.sessions.forgetUser(id);
    return toUserDto(after);
  });
};
