import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openBrowser, signIn } from "./browser";

const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), "artifacts");

/** One valid event through the public ingest route, with `key` as the credential. */
async function ingestOne(baseUrl: string, key: string): Promise<{ status: number; body: { accepted?: number } }> {
  const event = { event_id: `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`, type: "login", user_id: "u1", ts: new Date().toISOString(), props: {} };
  const res = await fetch(`${baseUrl}/v1/ingest/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ events: [event] }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as { accepted?: number } };
}

describe("ingest keys", () => {
  it("admin creates a key under Settings, sees it once, it ingests, and stops once revoked", async () => {
    const session = await openBrowser("keys-admin");
    const { page, baseUrl } = session;
    await signIn(session, "admin@demo.ist");

    // Settings → Ingest keys, through the menu
    await page.locator(".ant-layout-sider .ant-menu-submenu-title", { hasText: "Settings" }).click();
    await page.locator(".ant-layout-sider .ant-menu-item a", { hasText: "Ingest keys" }).click();
    await page.waitForURL((url) => url.pathname === "/settings/keys", { timeout: 15_000 });
    await page.getByTestId("create-key").waitFor({ timeout: 15_000 });

    await page.getByTestId("create-key").click();
    await page.locator("#name").fill("e2e platform");
    await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();

    const shown = page.getByTestId("created-key");
    await shown.waitFor({ timeout: 15_000 });
    const key = (await shown.innerText()).trim();
    expect(key).toMatch(/^ist_ing_[A-Za-z0-9_-]{32}$/);
    expect(await page.getByTestId("created-key-modal").innerText()).toContain("cannot be shown again");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.waitForTimeout(500); // let the modals' open/close animation settle
    await page.screenshot({ path: join(ARTIFACTS, "keys-created.png") });
    await page.getByTestId("created-key-done").click();
    await shown.waitFor({ state: "detached" });

    // the list shows the prefix, never the key
    const row = page.locator(".ant-table-row", { hasText: "e2e platform" });
    await row.waitFor();
    expect(await row.innerText()).toContain(`${key.slice(0, 14)}…`);
    expect(await page.locator("body").innerText()).not.toContain(key);
    expect(await row.getByTestId("key-status").innerText()).toBe("Active");

    const accepted = await ingestOne(baseUrl, key);
    expect(accepted.status).toBe(202);
    expect(accepted.body.accepted).toBe(1);

    await row.getByRole("button", { name: "Revoke" }).click();
    await page.locator(".ant-popconfirm").getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => row.getByTestId("key-status").innerText(), { timeout: 15_000 }).toBe("Revoked");
    expect(await row.getByRole("button", { name: "Revoke" }).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "keys-list.png"), fullPage: true });

    await expect.poll(async () => (await ingestOne(baseUrl, key)).status, { timeout: 3_000, interval: 200 }).toBe(401);
  });

  it("an operator sees no Ingest keys entry under Settings and gets the 403 page at /settings/keys", async () => {
    const session = await openBrowser("keys-operator");
    const { page, baseUrl } = session;
    await signIn(session, "operator@demo.ist");
    // the menu is drawn once the access checks answer: wait for an entry the operator has
    await page.locator(".ant-layout-sider .ant-menu-item a", { hasText: "Jobs" }).waitFor({ timeout: 15_000 });
    // Settings holds only the operator's own account
    await page.locator(".ant-layout-sider .ant-menu-submenu-title", { hasText: "Settings" }).click();
    await page.locator(".ant-layout-sider .ant-menu-item a", { hasText: "My account" }).waitFor({ timeout: 15_000 });
    expect(await page.locator(".ant-layout-sider", { hasText: "Ingest keys" }).count()).toBe(0);

    await page.goto(`${baseUrl}/settings/keys`);
    const result = page.locator(".ant-result-403");
    await result.waitFor({ timeout: 15_000 });
    expect(await result.innerText()).toContain("not allowed");
    expect(await page.locator(".ant-table").count()).toBe(0);
  });
});
