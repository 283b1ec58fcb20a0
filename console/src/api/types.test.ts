import { describe, expect, expectTypeOf, it } from "vitest";
import type { paths } from "./schema";
import {
  members,
  type AlertEvent,
  type AlertInput,
  type AlertRule,
  type ApiKey,
  type AuditEntry,
  type ConsoleUser,
  type CreatedApiKey,
  type DashboardResponse,
  type DashboardSummary,
  type Dimension,
  type ErrorBody,
  type Grain,
  type JobDefinition,
  type JobRun,
  type MetricInfo,
  type MetricResult,
  type Response,
  type Role,
  type SeriesResult,
  type Session,
  type UserCreateInput,
} from "./types";

// tsc -p console checks these: an alias that lost its route (a path renamed, a schema dropped) turns into `never`
describe("API types from the generated schema", () => {
  it("every alias names a real shape", () => {
    expectTypeOf<Session>().not.toBeNever();
    expectTypeOf<Role>().toEqualTypeOf<"admin" | "operator" | "marketer" | "support" | "finance" | "viewer" | "partner">();
    expectTypeOf<ConsoleUser>().toHaveProperty("email");
    expectTypeOf<UserCreateInput>().toHaveProperty("password");
    expectTypeOf<ApiKey>().toHaveProperty("prefix");
    expectTypeOf<CreatedApiKey>().toHaveProperty("key");
    expectTypeOf<AlertRule>().toHaveProperty("state");
    expectTypeOf<AlertInput>().toHaveProperty("metric");
    expectTypeOf<AlertEvent>().toHaveProperty("deliveries");
    expectTypeOf<Grain>().toEqualTypeOf<"hour" | "day" | "week" | "month">();
    expectTypeOf<Dimension>().not.toBeNever();
    expectTypeOf<MetricInfo>().toHaveProperty("groupBys");
    expectTypeOf<MetricResult>().toHaveProperty("kind");
    expectTypeOf<SeriesResult>().toHaveProperty("series");
    expectTypeOf<DashboardResponse>().toHaveProperty("panels");
    expectTypeOf<DashboardSummary>().toHaveProperty("slug");
    expectTypeOf<JobRun>().toHaveProperty("progress");
    expectTypeOf<JobDefinition>().toHaveProperty("description");
    expectTypeOf<AuditEntry>().toHaveProperty("before");
    expectTypeOf<ErrorBody>().toHaveProperty("requestId");
  });

  it("declared response schemas win: the alert rule is the route's own (createdBy is in no hand-written copy)", () => {
    expectTypeOf<AlertRule>().toEqualTypeOf<Response<"/api/alerts/{id}", "get">>();
    expectTypeOf<AlertRule["createdBy"]>().toEqualTypeOf<paths["/api/alerts/{id}"]["get"]["responses"][200]["content"]["application/json"]["createdBy"]>();
  });

  it("members() keeps a runtime list in step with a generated union", () => {
    expect(members<Grain>()(["hour", "day", "week", "month"])).toEqual(["hour", "day", "week", "month"]);
    // @ts-expect-error a member missing from the list does not compile
    members<Grain>()(["hour", "day", "week"]);
    // @ts-expect-error nor does one the api does not have
    members<Grain>()(["hour", "day", "week", "month", "year"]);
  });
});
