import { z } from "zod";
import { personalDataReason, personalValueKind } from "./pii.js";
import { DEFAULT_MIN_TIMESTAMP, eventCheckReason, type EventCheck } from "./checks.js";

/**
 * The event contract of `POST /v1/ingest/events` (DESIGN.md "Event contract"): one envelope, and
 * props validated per type. Validation normalizes an event into an `EventRow`, the shape the WAL
 * and the events Parquet hold.
 */

export const MAX_EVENTS_PER_BATCH = 10_000;
export const MAX_FUTURE_MS = 5 * 60_000;
/** Extra props are kept (platforms add attributes), within this many bytes of JSON. */
export const MAX_PROPS_BYTES = 8_192;

/** A string with a pattern; the pattern's message also answers a value of the wrong type. */
const pattern = (re: RegExp, message: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? "is required" : message) }).regex(re, message);

const money = pattern(/^\d{1,30}(\.\d{1,8})?$/, "must be a decimal string (up to 30 integer and 8 fractional digits)");
const currency = pattern(/^[A-Z]{3}$/, "must be an ISO 4217 currency code");
const decimal = pattern(/^\d{1,30}(\.\d{1,18})?$/, "must be a decimal string");
const id = z.string().min(1).max(64);
const label = z.string().min(1).max(128);

const withMoney = <T extends z.ZodRawShape>(shape: T) => z.looseObject({ ...shape, amount: money, currency });

const none = z.looseObject({});
const social = z.looseObject({ target_id: id.optional() });
const subscription = withMoney({
  plan: label,
  interval: z.enum(["month", "year"]),
});
const reversal = withMoney({ revenue_event_id: id });
const copy = withMoney({ leader_id: id });
const cash = withMoney({});

export const PropsByType = {
  signup: z.looseObject({
    country: pattern(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code"),
    channel: label,
    referral_code: id.optional(),
    device: label,
  }),
  kyc_verified: none,
  login: none,
  page_view: z.looseObject({ screen: label }),
  deposit: cash,
  withdrawal: cash,
  trade: z.looseObject({
    symbol: label,
    side: z.enum(["buy", "sell"]),
    qty: decimal,
    price: decimal,
    fee: money,
    currency,
    is_copy: z.boolean(),
    leader_id: id.optional(),
  }),
  copy_start: copy,
  copy_stop: copy,
  post: social,
  comment: social,
  like: social,
  subscription_start: subscription,
  subscription_renew: subscription,
  subscription_cancel: subscription,
  refund: reversal,
  chargeback: reversal,
  ad_revenue: cash,
  ai_service_purchase: withMoney({ product: label }),
  data_api_usage: withMoney({ calls: z.number().int().min(0) }),
  virtual_item_purchase: withMoney({ item: label }),
  experiment_exposure: z.looseObject({ experiment_key: label, variation: label }),
  nps_response: z.looseObject({ score: z.number().int().min(0).max(10) }),
  campaign_touch: z.looseObject({ campaign_id: id, channel: label, action: label }),
} as const;

export type EventType = keyof typeof PropsByType;
export const EVENT_TYPES = Object.keys(PropsByType) as EventType[];

/**
 * Active users: a user is active on a day with at least one action of their own, the way product
 * analytics counts (Amplitude's "active event", PostHog's DAU over user-initiated events).
 * Left out: events the platform records about a user without them acting — copied trades placed
 * for followers who may not have opened the app, subscription renewals (automatic billing),
 * KYC verification (back office), data-API calls (the user's programs), ad revenue, refunds,
 * chargebacks, experiment exposures and campaign touches. A manual trade always comes with a
 * login or a page view, so trades are left out too. The rollups keep an `active` row per user-day.
 */
export const ACTIVE_TYPES = [
  "signup",
  "login",
  "page_view",
  "deposit",
  "withdrawal",
  "copy_start",
  "copy_stop",
  "post",
  "comment",
  "like",
  "subscription_start",
  "subscription_cancel",
  "ai_service_purchase",
  "virtual_item_purchase",
  "nps_response",
] as const satisfies readonly EventType[];

/** Purchases: what a user pays the platform for directly (trading fees and ads are not purchases). */
export const PURCHASE_TYPES = [
  "subscription_start",
  "subscription_renew",
  "ai_service_purchase",
  "data_api_usage",
  "virtual_item_purchase",
] as const satisfies readonly EventType[];

/**
 * The user sets the rollup cache keeps a daily bitmap of (`rollup_user_bits`): the users who
 * were active, traded, or paid on each day.
 */
export const USER_BIT_SETS = { active: ["active"], trade: ["trade"], purchase: PURCHASE_TYPES } as const;
export type UserBitSet = keyof typeof USER_BIT_SETS;

/** Which prop holds the event's money; it becomes the `amount` column (and `currency` beside it). */
export const MONEY_PROP: Partial<Record<EventType, "amount" | "fee">> = {
  deposit: "amount",
  withdrawal: "amount",
  trade: "fee",
  copy_start: "amount",
  copy_stop: "amount",
  subscription_start: "amount",
  subscription_renew: "amount",
  subscription_cancel: "amount",
  refund: "amount",
  chargeback: "amount",
  ad_revenue: "amount",
  ai_service_purchase: "amount",
  data_api_usage: "amount",
  virtual_item_purchase: "amount",
};

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export const EventEnvelope = z.object({
  event_id: id,
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  user_id: id,
  ts: pattern(ISO_WITH_ZONE, "must be an ISO-8601 timestamp with a zone (Z or ±hh:mm)"),
  props: z.record(z.string(), z.unknown()).default({}),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** One event as the WAL and the events Parquet hold it. */
export interface EventRow {
  event_id: string;
  type: EventType;
  user_id: string;
  /** ISO-8601 UTC, millisecond precision. */
  ts: string;
  /** Decimal string, or null when the type carries no money. */
  amount: string | null;
  currency: string | null;
  /** JSON text of the props other than the money ones. */
  props: string;
  ingested_at: string;
}

export interface BatchError {
  index: number;
  reason: string;
}

export interface ValidatedBatch {
  rows: EventRow[];
  /** Index of each accepted row in the input batch. */
  indexes: number[];
  errors: BatchError[];
}

function issueMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case "invalid_type":
      return iss.input === undefined ? "is required" : `must be ${iss.expected === "record" ? "an object" : `a ${iss.expected}`}`;
    case "invalid_value":
      return `must be one of ${iss.values.map(String).join(", ")}`;
    case "too_big":
      return iss.origin === "string" ? `must be at most ${String(iss.maximum)} characters` : `must be at most ${String(iss.maximum)}`;
    case "too_small":
      return iss.origin === "string" ? "must not be empty" : `must be at least ${String(iss.minimum)}`;
    default:
      return undefined;
  }
}

function reasonOf(error: z.ZodError, prefix: string): string {
  return error.issues
    .slice(0, 3)
    .map((iss) => {
      const p = [prefix, ...iss.path.map(String)].filter(Boolean).join(".");
      return p ? `${p}: ${iss.message}` : iss.message;
    })
    .join("; ");
}

export interface ValidateOptions {
  /** the earliest `ts` accepted (INGEST_MIN_TIMESTAMP); default DEFAULT_MIN_TIMESTAMP */
  minTs?: Date;
  /** checks before the schema (events/checks.ts); default EVENT_CHECKS */
  checks?: readonly EventCheck[];
}

const DEFAULT_MIN_TS = new Date(`${DEFAULT_MIN_TIMESTAMP}T00:00:00Z`);

/** Date.parse rolls 2025-02-30 over to March 2: the written day must exist in its month. */
function dayExists(ts: string): boolean {
  const [y, m, d] = [Number(ts.slice(0, 4)), Number(ts.slice(5, 7)), Number(ts.slice(8, 10))];
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Validates one event; returns its row or the reason it was refused (naming the field). */
export function validateEvent(input: unknown, now: Date, opts: ValidateOptions = {}): { row: EventRow } | { reason: string } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { reason: "event: must be an object" };
  const refused = eventCheckReason(input as Record<string, unknown>, opts.checks);
  if (refused) return { reason: refused };
  const env = EventEnvelope.safeParse(input, { error: issueMessage });
  if (!env.success) return { reason: reasonOf(env.error, "") };
  const e = env.data;
  const tsMs = Date.parse(e.ts);
  if (Number.isNaN(tsMs) || !dayExists(e.ts)) return { reason: "ts: is not a valid date" };
  if (tsMs > now.getTime() + MAX_FUTURE_MS) return { reason: "ts: must not be more than 5 minutes in the future" };
  const minTs = opts.minTs ?? DEFAULT_MIN_TS;
  if (tsMs < minTs.getTime()) return { reason: `ts: must not be before ${minTs.toISOString()}` };
  const props = PropsByType[e.type].safeParse(e.props, { error: issueMessage });
  if (!props.success) return { reason: reasonOf(props.error, "props") };
  const personal = personalDataReason(props.data) ?? (personalValueKind(e.user_id) ? "user_id: looks like personal data; send the platform's user id" : undefined);
  if (personal) return { reason: personal };
  const rest: Record<string, unknown> = { ...props.data };
  const moneyProp = MONEY_PROP[e.type];
  let amount: string | null = null;
  let cur: string | null = null;
  if (moneyProp) {
    amount = rest[moneyProp] as string;
    cur = rest.currency as string;
    delete rest[moneyProp];
    delete rest.currency;
  }
  const propsJson = JSON.stringify(rest);
  if (Buffer.byteLength(propsJson) > MAX_PROPS_BYTES) return { reason: `props: must be at most ${MAX_PROPS_BYTES} bytes of JSON` };
  return {
    row: {
      event_id: e.event_id,
      type: e.type,
      user_id: e.user_id,
      ts: new Date(tsMs).toISOString(),
      amount,
      currency: cur,
      props: propsJson,
      ingested_at: now.toISOString(),
    },
  };
}

/** Validates a batch event by event: a bad event is reported by index and never sinks the others. */
export function validateBatch(events: readonly unknown[], now: Date = new Date(), opts: ValidateOptions = {}): ValidatedBatch {
  const out: ValidatedBatch = { rows: [], indexes: [], errors: [] };
  events.forEach((ev, index) => {
    const r = validateEvent(ev, now, opts);
    if ("row" in r) {
      out.rows.push(r.row);
      out.indexes.push(index);
    } else {
      out.errors.push({ index, reason: r.reason });
    }
  });
  return out;
}

/** The money of an event row in the props shape it came in with (for re-emitting or display). */
export function propsOf(row: EventRow): Record<string, unknown> {
  const props = JSON.parse(row.props) as Record<string, unknown>;
  const moneyProp = MONEY_PROP[row.type];
  if (moneyProp && row.amount !== null) {
    props[moneyProp] = row.amount;
    props.currency = row.currency;
  }
  return props;
}
