import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { alertMessage, conditionText, sendWebhook, signBody } from "./notify";

const rule = { id: 7, name: "Trades anomaly", metric: "trades", kind: "anomaly", operator: "abs_gt", threshold: null, comparison: null, sensitivity: "medium" } as const;

describe("alert notifications", () => {
  it("signs the exact body bytes with HMAC-SHA256 (RFC 4231 test case 2)", () => {
    expect(signBody("what do ya want for nothing?", "Jefe")).toBe("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it.each([
    [{ ...rule, kind: "threshold", operator: "gte", threshold: "100" }, "value ≥ 100"],
    [{ ...rule, kind: "pct_change", operator: "lt", threshold: "-20", comparison: "same_period_last_week" }, "change vs same period last week < -20%"],
    [{ ...rule, operator: "lt" }, "anomaly (medium sensitivity, downwards)"],
    [rule, "anomaly (medium sensitivity, either way)"],
  ] as const)("describes %j as %s", (r, text) => {
    expect(conditionText(r)).toBe(text);
  });

  it("writes a Slack-compatible message with the value, band and period", () => {
    const m = alertMessage(rule, { kind: "firing", value: 80, baseline: 20, band: { lower: 13.32834, upper: 26.67166 }, bucket: { from: new Date("2025-03-03T10:00:00Z"), to: new Date("2025-03-03T11:00:00Z") } });
    expect(m.subject).toBe("🔴 Firing: Trades anomaly");
    expect(m.text).toBe(
      "🔴 Firing: Trades anomaly\ntrades = 80\ncondition: anomaly (medium sensitivity, either way)\nexpected: 13.3283 … 26.6717 (median 20)\nperiod: 2025-03-03T10:00:00.000Z – 2025-03-03T11:00:00.000Z",
    );
    expect(m.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "🔴 Firing: Trades anomaly" } });
    const pct = alertMessage({ ...rule, kind: "pct_change", operator: "gt", threshold: "50", comparison: "previous_period" }, { kind: "resolved", value: 5, baseline: 0, pct: Infinity, bucket: null });
    expect(pct.text).toContain("trades = 5 (+∞%)");
  });

  it("records a refused connection or an error status instead of throwing", async () => {
    const server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const message = alertMessage(rule, { kind: "test", value: null, baseline: null, bucket: null });
    const allowLoopback = { allowHosts: ["127.0.0.1"] };
    expect(await sendWebhook(`http://127.0.0.1:${port}/`, "s", message, new Date(), allowLoopback)).toEqual({ status: "failed", error: "HTTP 503" });
    // without the allow-list the loopback receiver is never contacted, and its status is not told
    expect(await sendWebhook(`http://127.0.0.1:${port}/`, "s", message)).toEqual({ status: "failed", error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/) });
    await new Promise((r) => server.close(r));
    expect(await sendWebhook(`http://127.0.0.1:${port}/`, "s", message, new Date(), allowLoopback)).toEqual({ status: "failed", error: "failed: could not connect to 127.0.0.1:" + port });
  });
});
