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

type Item<T> = T extends readonly (infer I)[] ? I : never;

/**
 * A runtime list of a generated union's members (form options, filters); it does not compile when
 * the list misses a member or names one the api does not have.
 */
export function members<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> })): L => list;
}

/** Every error answer: `{ code, message, details?, requestId }` (api/src/plugins/errors.ts). */
export type ErrorBody = ErrorResponse<"/api/auth/login", "post">;

// --- session, console users, keys -------------------------------------------------------------

/** `GET /api/auth/me`: who is signed in, what they may do, and whether demo accounts exist. */
export type Session = Response<"/api/auth/me", "get">;
export type SessionUser = Session["user"];
export type Role = SessionUser["role"];

/** A console user as `/api/users` returns it. */
export type ConsoleUser = Item<Response<"/api/users", "get">>;
export type UserCreateInput = Body<"/api/users", "post">;
export type UserUpdateInput = Body<"/api/users/{id}", "patch">;

/** `GET /api/keys` row: the key itself is never listed, only its prefix. */
export type ApiKey = Item<Response<"/api/keys", "get">>;
/** `POST /api/keys` answer: the only time the key is shown. */
export type CreatedApiKey = Response<"/api/keys", "post">;
export type KeyCreateValues = Body<"/api/keys", "post">;
export type KeyKind = ApiKey["kind"];

/** A row of `GET /api/notifications`: one notification of any domain, for the bell. */
export type Notification = Response<"/api/notifications", "get">["items"][number];

// --- metrics and dashboards -------------------------------------------------------------------

type MetricQuery = Query<"/api/metrics/{name}", "get">;
export type Grain = NonNullable<MetricQuery["grain"]>;
export type Dimension = NonNullable<MetricQuery["groupBy"]>;



/** One entry of `GET /api/metrics`. */
export type MetricInfo = Item<Response<"/api/metrics", "get">>;
export type Localized = MetricInfo["label"];
export type Unit = MetricInfo["unit"];
export type MetricKind = MetricInfo["kind"];
export type Direction = NonNullable<MetricInfo["goodDirection"]>;



/** `GET /api/metrics/:name`: a series, funnel, cohort or table by the metric's kind. */
export type MetricResult = Response<"/api/metrics/{name}", "get">;
export type SeriesResult = Extract<MetricResult, { kind: "series" }>;
export type FunnelResult = Extract<MetricResult, { kind: "funnel" }>;
export type CohortResult = Extract<MetricResult, { kind: "cohort" }>;
export type TableResult = Extract<MetricResult, { kind: "table" }>;
export type Point = SeriesResult["series"][number]["points"][number];
/** `GET /api/dimensions/:dimension/values`: a filter's values in the data */
export type DimensionValues = Response<"/api/dimensions/{dimension}/values", "get">;



/** `GET /api/dashboards/:slug`: the definition (`dashboards/<slug>.yaml`) and every tile's results. */
export type DashboardResponse = Response<"/api/dashboards/{slug}", "get">;
export type DashboardDefinition = DashboardResponse["dashboard"];
export type DashboardTile = DashboardDefinition["tiles"][number];
export type Visualisation = DashboardTile["viz"];

/** An entry of `GET /api/dashboards`. */
export type DashboardSummary = Item<Response<"/api/dashboards", "get">>;

// --- alerts -----------------------------------------------------------------------------------

/** An alert rule as `/api/alerts` returns it. */
export type AlertRule = Item<Response<"/api/alerts", "get">>;
/** What `POST /api/alerts` takes (PATCH takes any part of it). */
export type AlertInput = Body<"/api/alerts", "post">;
export type AlertKind = AlertRule["kind"];
export type AlertOperator = AlertRule["operator"];
export type AlertComparison = NonNullable<AlertRule["comparison"]>;
export type AlertSensitivity = NonNullable<AlertRule["sensitivity"]>;
export type AlertGrain = AlertRule["grain"];
export type AlertState = AlertRule["state"];


/** A row of `GET /api/alerts/:id/events`: a rule firing, resolving or being tested, and what was sent. */
export type AlertEvent = Item<Response<"/api/alerts/{id}/events", "get">>;
/** One channel's outcome in `deliveries` (the api may declare the record as open: then this is how the evaluator fills it). */
export type Delivery = AlertEvent["deliveries"][string];

// --- jobs and audit ---------------------------------------------------------------------------



/** A row of `GET /api/jobs` (one BullMQ job run). */
export type JobRun = Item<Response<"/api/jobs", "get">>;
export type JobState = JobRun["state"];

/** `GET /api/jobs/definitions`: the jobs a user with `jobs:run` can start by hand. */
/** `POST /api/jobs/:queue/:name`: the queued run. */
export type JobStarted = Response<"/api/jobs/{queue}/{name}", "post">;

export type JobDefinition = Item<Response<"/api/jobs/definitions", "get">>;


/** A row of `GET /api/audit`: one mutation, who did it and the entity before → after. */
export type AuditEntry = Item<Response<"/api/audit", "get">>;
/** `GET /api/audit/actions`: every action the log holds, for the action filter. */
export type AuditActions = Response<"/api/audit/actions", "get">;

/** `POST /api/auth/password`: change one's own password. */
export type PasswordChangeInput = Body<"/api/auth/password", "post">;
