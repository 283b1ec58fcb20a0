import type { paths } from "./schema";

/**
 * The API's bodies as the console uses them, all taken from the generated `schema.d.ts`
 * (`pnpm gen:api`), so a route's schema and the console cannot drift apart unnoticed.
 */

type Path = keyof paths;
type Method = "get" | "post" | "put" | "patch" | "delete";
type Operation<P extends Path, M extends Method> = NonNullable<paths[P][M]>;
type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;
type Success<R> = R[Extract<keyof R, 200 | 201 | 202>];

/** The JSON a route answers with on success. */
export type Response<P extends Path, M extends Method> = Json<Operation<P, M> extends { responses: infer R } ? Success<R> : never>;
type Failure<R> = R[Extract<keyof R, 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503>];
/** The JSON a route answers with when it refuses. */
export type ErrorResponse<P extends Path, M extends Method> = Json<Operation<P, M> extends { responses: infer R } ? Failure<R> : never>;
/** The JSON body a route takes. */
export type Body<P extends Path, M extends Method> = Json<NonNullable<Operation<P, M> extends { requestBody?: infer B } ? B : never>>;
/** The query string a route takes. */
export type Query<P extends Path, M extends Method> = NonNullable<Operation<P, M> extends { parameters: { query?: infer Q } } ? Q : never>;

/**
 * What the document declares, or `Otherwise` where the route declares no response schema (the
 * `*Shape` types below, built from the pieces the document does declare). Once the route declares
 * one, `pnpm gen:api` makes the declared type win with no change here.
 */
type Declared<T, Otherwise> = [T] extends [never] ? Otherwise : unknown extends T ? Otherwise : T;
type Item<T> = T extends readonly (infer I)[] ? I : never;

/**
 * A runtime list of a generated union's members (form options, filters); it does not compile when
 * the list misses a member or names one the api does not have.
 */
export function members<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> })): L => list;
}

/** Every error answer: `{ code, message, details?, requestId }` (api/src/plugins/errors.ts). */
export type ErrorBody = Declared<
  ErrorResponse<"/api/auth/login", "post">,
  { code: string; message: string; details?: { [key: string]: unknown }; requestId: string }
>;

// --- session, console users, keys -------------------------------------------------------------

/** `GET /api/auth/me`: who is signed in, what they may do, and whether demo accounts exist. */
export type Session = Response<"/api/auth/me", "get">;
export type SessionUser = Session["user"];
export type Role = SessionUser["role"];

/** A console user as `/api/users` returns it. */
export type ConsoleUser = Declared<Item<Response<"/api/users", "get">>, Response<"/api/users/{id}", "get">>;
export type UserCreateInput = Body<"/api/users", "post">;
export type UserUpdateInput = Body<"/api/users/{id}", "patch">;

/** `GET /api/keys` row: the key itself is never listed, only its prefix. */
export type ApiKey = Declared<Item<Response<"/api/keys", "get">>, Response<"/api/keys/{id}", "delete">>;
/** `POST /api/keys` answer: the only time the key is shown. */
export type CreatedApiKey = Response<"/api/keys", "post">;
export type KeyCreateValues = Body<"/api/keys", "post">;
export type KeyKind = ApiKey["kind"];

// --- metrics and dashboards -------------------------------------------------------------------

type MetricQuery = Query<"/api/metrics/{name}", "get">;
export type Grain = NonNullable<MetricQuery["grain"]>;
export type Dimension = NonNullable<MetricQuery["groupBy"]>;

type LocalizedShape = { en: string; "zh-CN": string };
type UnitShape = "count" | "currency" | "percent" | "ratio" | "duration" | "score";

interface MetricInfoShape {
  name: string;
  label: LocalizedShape;
  description: LocalizedShape;
  unit: UnitShape;
  kind: "series" | "funnel" | "cohort" | "table";
  grains: Grain[];
  groupBys: Dimension[];
  /** which way is better; absent means up */
  goodDirection?: "up" | "down";
  /** ISO currency of a currency metric; absent means USD */
  currency?: string;
}

/** One entry of `GET /api/metrics`. */
export type MetricInfo = Declared<Item<Response<"/api/metrics", "get">>, MetricInfoShape>;
export type Localized = MetricInfo["label"];
export type Unit = MetricInfo["unit"];
export type MetricKind = MetricInfo["kind"];
export type Direction = NonNullable<MetricInfo["goodDirection"]>;

interface ResultBase {
  name: string;
  unit: Unit;
  grain: Grain;
  from: string;
  to: string;
  asOf: string;
  currency?: string;
}

type MetricResultShape =
  | (ResultBase & {
      kind: "series";
      total: { value: number | null; previous: number | null; change: number | null };
      series: { group: string | null; points: { t: string; value: number | null }[] }[];
    })
  | (ResultBase & { kind: "funnel"; steps: { key: string; label: Localized; value: number; rate: number | null }[] })
  | (ResultBase & { kind: "cohort"; cohorts: { cohort: string; size: number; values: (number | null)[] }[] })
  | (ResultBase & { kind: "table"; columns: { key: string; label: Localized; unit?: Unit }[]; rows: Record<string, unknown>[] });

/** `GET /api/metrics/:name`: a series, funnel, cohort or table by the metric's kind. */
export type MetricResult = Declared<Response<"/api/metrics/{name}", "get">, MetricResultShape>;
export type SeriesResult = Extract<MetricResult, { kind: "series" }>;
export type FunnelResult = Extract<MetricResult, { kind: "funnel" }>;
export type CohortResult = Extract<MetricResult, { kind: "cohort" }>;
export type TableResult = Extract<MetricResult, { kind: "table" }>;
export type Point = SeriesResult["series"][number]["points"][number];

interface DashboardTileShape {
  id: string;
  title?: Localized;
  viz: "kpi" | "line" | "area" | "bar" | "stacked_bar" | "donut" | "funnel" | "cohort_heatmap" | "table";
  metrics: string[];
  groupBy?: Dimension;
  sparkline?: boolean;
  delta?: boolean;
  limit?: number;
  /** on a 24-column grid, `h` in rows */
  layout: { x: number; y: number; w: number; h: number };
}

interface DashboardResponseShape {
  dashboard: {
    version: number;
    slug: string;
    title: Localized;
    description?: Localized;
    filters: Dimension[];
    defaults: { preset: string; grain: string };
    tiles: DashboardTileShape[];
  };
  asOf: string;
  /** every tile's results, one per tile metric */
  panels: Record<string, MetricResult[]>;
  /** tiles whose metrics could not be computed, with the reason; the rest of the dashboard still shows */
  errors?: Record<string, string>;
}

/** `GET /api/dashboards/:slug`: the definition (`dashboards/<slug>.yaml`) and every tile's results. */
export type DashboardResponse = Declared<Response<"/api/dashboards/{slug}", "get">, DashboardResponseShape>;
export type DashboardDefinition = DashboardResponse["dashboard"];
export type DashboardTile = DashboardDefinition["tiles"][number];
export type Visualisation = DashboardTile["viz"];

/** An entry of `GET /api/dashboards`. */
export type DashboardSummary = Declared<
  Item<Response<"/api/dashboards", "get">>,
  Pick<DashboardDefinition, "slug" | "title" | "description"> & { tiles: number }
>;

// --- alerts -----------------------------------------------------------------------------------

/** An alert rule as `/api/alerts` returns it. */
export type AlertRule = Declared<Item<Response<"/api/alerts", "get">>, Response<"/api/alerts/{id}", "get">>;
/** What `POST /api/alerts` takes (PATCH takes any part of it). */
export type AlertInput = Body<"/api/alerts", "post">;
export type AlertKind = AlertRule["kind"];
export type AlertOperator = AlertRule["operator"];
export type AlertComparison = NonNullable<AlertRule["comparison"]>;
export type AlertSensitivity = NonNullable<AlertRule["sensitivity"]>;
export type AlertGrain = AlertRule["grain"];
export type AlertState = AlertRule["state"];

type DeliveryShape = { status: "sent"; detail?: string } | { status: "skipped"; reason: string } | { status: "failed"; error: string };

interface AlertEventShape {
  id: number;
  ruleId: number;
  kind: "firing" | "resolved" | "test";
  fromState: AlertState | null;
  toState: AlertState | null;
  value: number | null;
  baseline: number | null;
  context: Record<string, unknown>;
  /** per channel (bell, email, webhook) */
  deliveries: Record<string, DeliveryShape>;
  at: string;
}

/** A row of `GET /api/alerts/:id/events`: a rule firing, resolving or being tested, and what was sent. */
export type AlertEvent = Declared<Item<Response<"/api/alerts/{id}/events", "get">>, AlertEventShape>;
/** One channel's outcome in `deliveries` (the api may declare the record as open: then this is how the evaluator fills it). */
export type Delivery = Declared<AlertEvent["deliveries"][string], DeliveryShape>;

// --- jobs and audit ---------------------------------------------------------------------------

type JobListQuery = Query<"/api/jobs", "get">;

interface JobRunShape {
  id: number;
  queue: string;
  name: string;
  jobId: string;
  businessKey?: string | null;
  /** the states a list can filter by, and BullMQ's others (delayed, …) as they come */
  state: NonNullable<JobListQuery["state"]> | (string & {});
  progress: number;
  attempts?: number;
  error: string | null;
  createdAt?: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A row of `GET /api/jobs` (one BullMQ job run). */
export type JobRun = Declared<Item<Response<"/api/jobs", "get">>, JobRunShape>;
export type JobState = JobRun["state"];

/** `GET /api/jobs/definitions`: the jobs a user with `jobs:run` can start by hand. */
/** `POST /api/jobs/:queue/:name`: the queued run. */
export type JobStarted = Declared<Response<"/api/jobs/{queue}/{name}", "post">, { id: number; jobId: string }>;

export type JobDefinition = Declared<Item<Response<"/api/jobs/definitions", "get">>, { queue: string; name: string; description: string }>;

interface AuditEntryShape {
  id: number;
  actorId: number | null;
  actorEmail: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  at: string;
  requestId: string | null;
  ip: string | null;
}

/** A row of `GET /api/audit`: one mutation, who did it and the entity before → after. */
export type AuditEntry = Declared<Item<Response<"/api/audit", "get">>, AuditEntryShape>;
