import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import type { AlertRule } from "@ist/db";
import { OutboundError, outboundFetch } from "../outbound/fetch";
import type { OutboundPolicy } from "../outbound/guard";

/**
 * Delivery to the channels outside the console: a Slack-compatible webhook signed with the rule's
 * secret, and email over SMTP. A delivery never throws: its outcome is recorded on the event.
 */

export const WEBHOOK_TIMEOUT_MS = 5_000;
export const SIGNATURE_HEADER = "x-ist-signature";
export const TIMESTAMP_HEADER = "x-ist-timestamp";

export type Delivery = { status: "sent"; detail?: string } | { status: "skipped"; reason: string } | { status: "failed"; error: string };

export interface AlertMessage {
  subject: string;
  text: string;
  /** Slack Block Kit: a header and the fields; plain `text` is the fallback every receiver shows */
  blocks: unknown[];
}

export interface MessageFacts {
  kind: "firing" | "resolved" | "test";
  value: number | null;
  baseline: number | null;
  pct?: number;
  band?: { lower: number; upper: number };
  bucket: { from: Date; to: Date } | null;
}

const OPERATOR_TEXT: Record<string, string> = { gt: ">", gte: "≥", lt: "<", lte: "≤", abs_gt: "|x| >" };
const fmt = (n: number | null | undefined) => (n === null || n === undefined ? "—" : Number.isFinite(n) ? Number(n.toPrecision(6)).toString() : n > 0 ? "∞" : "−∞");

export function conditionText(rule: Pick<AlertRule, "kind" | "operator" | "threshold" | "comparison" | "sensitivity">): string {
  const op = OPERATOR_TEXT[rule.operator] ?? rule.operator;
  if (rule.kind === "threshold") return `value ${op} ${rule.threshold}`;
  if (rule.kind === "pct_change") return `change vs ${rule.comparison === "same_period_last_week" ? "same period last week" : "previous period"} ${op} ${rule.threshold}%`;
  return `anomaly (${rule.sensitivity ?? "medium"} sensitivity, ${rule.operator === "abs_gt" ? "either way" : rule.operator.startsWith("g") ? "upwards" : "downwards"})`;
}

export function alertMessage(rule: Pick<AlertRule, "id" | "name" | "metric" | "kind" | "operator" | "threshold" | "comparison" | "sensitivity">, facts: MessageFacts): AlertMessage {
  const head = facts.kind === "test" ? "🧪 Test" : facts.kind === "firing" ? "🔴 Firing" : "✅ Resolved";
  const subject = `${head}: ${rule.name}`;
  const lines = [
    `${rule.metric} = ${fmt(facts.value)}${facts.pct !== undefined ? ` (${facts.pct >= 0 ? "+" : ""}${fmt(facts.pct)}%)` : ""}`,
    `condition: ${conditionText(rule)}`,
    facts.band ? `expected: ${fmt(facts.band.lower)} … ${fmt(facts.band.upper)} (median ${fmt(facts.baseline)})` : facts.baseline !== null && rule.kind === "pct_change" ? `compared with: ${fmt(facts.baseline)}` : null,
    facts.bucket ? `period: ${facts.bucket.from.toISOString()} – ${facts.bucket.to.toISOString()}` : null,
  ].filter((l): l is string => l !== null);
  const text = `${subject}\n${lines.join("\n")}`;
  const blocks = [
    { type: "header", text: { type: "plain_text", text: subject.slice(0, 150) } },
    { type: "section", fields: lines.map((l) => ({ type: "mrkdwn", text: l })) },
    { type: "context", elements: [{ type: "mrkdwn", text: `IST Console alert rule #${rule.id}` }] },
  ];
  return { subject, text, blocks };
}

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * POSTs `{text, blocks}` with the HMAC of the exact body bytes through the outbound guard (no
 * internal address unless allowed, every redirect hop checked); any non-2xx, timeout, network
 * error or refusal is a failure, worded so it tells nothing about an internal host.
 */
export async function sendWebhook(url: string, secret: string, message: AlertMessage, now: Date = new Date(), policy: OutboundPolicy = {}): Promise<Delivery> {
  const body = JSON.stringify({ text: message.text, blocks: message.blocks });
  try {
    const response = await outboundFetch(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signBody(body, secret), [TIMESTAMP_HEADER]: String(Math.floor(now.getTime() / 1000)) },
        body,
        timeoutMs: WEBHOOK_TIMEOUT_MS,
      },
      policy,
    );
    return response.status >= 200 && response.status < 300 ? { status: "sent", detail: `HTTP ${response.status}` } : { status: "failed", error: `HTTP ${response.status}` };
  } catch (err) {
    return { status: "failed", error: err instanceof OutboundError ? err.message : "failed: could not deliver" };
  }
}

export async function sendEmail(smtpUrl: string, from: string, to: readonly string[], message: AlertMessage): Promise<Delivery> {
  const transport = nodemailer.createTransport(smtpUrl);
  try {
    const info = await transport.sendMail({ from, to: [...to], subject: message.subject, text: message.text });
    return { status: "sent", detail: `${info.accepted.length} accepted` };
  } catch (err) {
    return { status: "failed", error: err instanceof Error ? err.message : String(err) };
  } finally {
    transport.close();
  }
}
