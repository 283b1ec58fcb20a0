import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { FieldCipher } from "@ist/db";
import type { AppDeps } from "../../app";
import { withTotal } from "../../lib/list";
import { mutate } from "../../lib/mutate";
import { authed } from "../../lib/responses";
import { requireUser } from "../../plugins/auth";
import { can } from "../../rbac";
import { IdParams, PartnerCreateBody, PartnerDto, PartnerListQuery, PartnerUpdateBody, PlanCreateBody, PlanDto, PlanListQuery, PlanUpdateBody, PlanVersionBody } from "./finance.schemas";
import { createPartner, getPartner, listPartners, updatePartner, type ContactView } from "./partners.service";
import { addPlanVersion, createPlan, getPlan, listPlans, updatePlan } from "./plans.service";

/** What the audit log keeps of a partner: everything but the contact (personal data stays out of it). */
const auditable = ({ contact: _contact, contactMasked: _masked, ...rest }: PartnerDto) => rest;

/** Commission plans (versioned terms) and partners, Refine simple-rest conventions. */
export const financeRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.db;
  const cipher = new FieldCipher(deps.config.ENCRYPTION_KEY);
  const read = { access: "finance:read" as const };
  const write = { access: "finance:write" as const };
  const view = (request: FastifyRequest): ContactView => ({ cipher, unmasked: can(requireUser(request).role, "finance:contact") });

  {
    const tags = ["finance: plans"];
    app.get("/api/finance/plans", { config: read, schema: { tags, querystring: PlanListQuery, response: { 200: z.array(PlanDto), ...authed(400) } } }, async (request, reply) => {
      const { rows, total } = await listPlans(db, request.query);
      return withTotal(reply, rows, total);
    });

    app.get("/api/finance/plans/:id", { config: read, schema: { tags, params: IdParams, response: { 200: PlanDto, ...authed(400, 404) } } }, async (request) => getPlan(db, request.params.id));

    app.post("/api/finance/plans", { config: write, schema: { tags, body: PlanCreateBody, response: { 201: PlanDto, ...authed(400) } } }, async (request, reply) => {
      const created = await mutate(
        db,
        request,
        (tx) => createPlan(tx, request.body, requireUser(request).id),
        (dto) => ({ action: "plan.create", entity: "commission_plan", entityId: dto.id, after: dto }),
      );
      return reply.status(201).send(created);
    });

    app.patch("/api/finance/plans/:id", { config: write, schema: { tags, params: IdParams, body: PlanUpdateBody, response: { 200: PlanDto, ...authed(400, 404) } } }, async (request) => {
      const { id } = request.params;
      const { after } = await mutate(
        db,
        request,
        (tx) => updatePlan(tx, id, request.body),
        ({ before, after }) => ({ action: "plan.update", entity: "commission_plan", entityId: id, before: { name: before.name, description: before.description }, after: { name: after.name, description: after.description } }),
      );
      return after;
    });

    app.post(
      "/api/finance/plans/:id/versions",
      {
        config: write,
        schema: {
          tags,
          description: "New terms for a plan, from the next period (or a later month); the periods before keep the version they were priced with.",
          params: IdParams,
          body: PlanVersionBody,
          response: { 201: PlanDto, ...authed(400, 404) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const plan = await mutate(
          db,
          request,
          (tx) => addPlanVersion(tx, id, request.body, requireUser(request).id),
          (dto) => ({ action: "plan.version", entity: "commission_plan", entityId: id, after: dto.versions[0] }),
        );
        return reply.status(201).send(plan);
      },
    );
  }

  {
    const tags = ["finance: partners"];
    app.get("/api/finance/partners", { config: read, schema: { tags, querystring: PartnerListQuery, response: { 200: z.array(PartnerDto), ...authed(400) } } }, async (request, reply) => {
      const { rows, total } = await listPartners(db, request.query, view(request));
      return withTotal(reply, rows, total);
    });

    app.get("/api/finance/partners/:id", { config: read, schema: { tags, params: IdParams, response: { 200: PartnerDto, ...authed(400, 404) } } }, async (request) => getPartner(db, request.params.id, view(request)));

    app.post("/api/finance/partners", { config: write, schema: { tags, body: PartnerCreateBody, response: { 201: PartnerDto, ...authed(400) } } }, async (request, reply) => {
      const created = await mutate(
        db,
        request,
        (tx) => createPartner(tx, request.body, view(request)),
        (dto) => ({ action: "partner.create", entity: "partner", entityId: dto.id, after: auditable(dto) }),
      );
      return reply.status(201).send(created);
    });

    app.patch("/api/finance/partners/:id", { config: write, schema: { tags, params: IdParams, body: PartnerUpdateBody, response: { 200: PartnerDto, ...authed(400, 404) } } }, async (request) => {
      const { id } = request.params;
      const { after } = await mutate(
        db,
        request,
        (tx) => updatePartner(tx, id, request.body, view(request)),
        ({ before, after }) => ({ action: "partner.update", entity: "partner", entityId: id, before: auditable(before), after: { ...auditable(after), contactChanged: request.body.contact !== undefined } }),
      );
      return after;
    });
  }
};
