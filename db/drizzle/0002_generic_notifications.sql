-- Notifications become generic (kind, entity, entity id, payload, link, dedupe key) instead of
-- pointing at alert_events. Existing rows are carried over from their alert event and rule:
-- kind alert.<event kind>, the rule as entity, a payload with what the bell showed, and the
-- dedupe key the alerts processors now use (alert_event:<id>).
ALTER TABLE "notifications" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "entity" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "entity_id" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "link" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
UPDATE "notifications" n SET
  "kind" = 'alert.' || e."kind",
  "entity" = 'alert_rule',
  "entity_id" = e."rule_id"::text,
  "link" = '/alerts/show/' || e."rule_id",
  "dedupe_key" = 'alert_event:' || e."id",
  "payload" = jsonb_build_object(
    'title', CASE e."kind" WHEN 'firing' THEN '🔴 Firing: ' WHEN 'resolved' THEN '✅ Resolved: ' ELSE '🧪 Test: ' END || r."name",
    'eventId', e."id",
    'ruleId', e."rule_id",
    'ruleName', r."name",
    'metric', r."metric",
    'eventKind', e."kind",
    'toState', e."to_state",
    'value', e."value"::double precision,
    'at', to_char(e."at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )
FROM "alert_events" e JOIN "alert_rules" r ON r."id" = e."rule_id"
WHERE e."id" = n."event_id";--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "kind" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "entity" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "payload" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "dedupe_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_event_id_alert_events_id_fk";--> statement-breakpoint
DROP INDEX "notifications_user_id_event_id_idx";--> statement-breakpoint
DROP INDEX "notifications_event_id_idx";--> statement-breakpoint
ALTER TABLE "notifications" DROP COLUMN "event_id";--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_id_dedupe_key_idx" ON "notifications" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_entity_entity_id_idx" ON "notifications" USING btree ("entity","entity_id");
