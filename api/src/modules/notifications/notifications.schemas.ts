import { z } from "zod";
import type { Notification } from "@ist/db";

export const NotificationQuery = z.object({
  _start: z.coerce.number().int().min(0).default(0),
  _end: z.coerce.number().int().min(0).optional(),
  unread: z.enum(["true", "false"]).optional(),
});

export { BigIdParams as NotificationIdParams } from "../../lib/schemas";

export const NotificationDto = z.object({
  id: z.number(),
  kind: z.string().describe("what happened, `<domain>.<event>`: alert.firing, alert.resolved, alert.test, …"),
  entity: z.string().describe("what it is about, e.g. alert_rule"),
  entityId: z.string().nullable(),
  title: z.string(),
  body: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()).describe("the kind's own fields; always `title`, maybe `body`"),
  link: z.string().nullable().describe("the console path that shows it"),
  readAt: z.string().nullable(),
  createdAt: z.string(),
  at: z.string().describe("when it happened (an alert event's time), else createdAt"),
  // what the bell showed before notifications were generic; null for kinds other than alert.*
  eventId: z.number().nullable(),
  ruleId: z.number().nullable(),
  ruleName: z.string().nullable(),
  metric: z.string().nullable(),
  toState: z.string().nullable(),
  value: z.number().nullable(),
});
export type NotificationDto = z.infer<typeof NotificationDto>;

export const Bell = z.object({ unread: z.number().describe("the user's unread notifications, all of them"), items: z.array(NotificationDto) });
export const ReadAll = z.object({ updated: z.number() });

const str = (v: unknown) => (typeof v === "string" ? v : null);
const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && v !== "" && Number.isFinite(Number(v)) ? Number(v) : null);

export function toNotificationDto(n: Notification): NotificationDto {
  const p = n.payload;
  const createdAt = n.createdAt.toISOString();
  return {
    id: n.id,
    kind: n.kind,
    entity: n.entity,
    entityId: n.entityId,
    title: p.title,
    body: str(p.body),
    payload: p,
    link: n.link,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt,
    at: str(p.at) ?? createdAt,
    eventId: num(p.eventId),
    ruleId: num(p.ruleId),
    ruleName: str(p.ruleName),
    metric: str(p.metric),
    toState: str(p.toState),
    value: num(p.value),
  };
}
