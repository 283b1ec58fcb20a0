import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, openBrowser, signIn } from "./browser";

const DASHBOARD = "operations-overview";

/** A dashboard tile by its id in the YAML (`tiles[].id`). */
export function tile(page: Page, id: string) {
  return page.getByTestId(`tile-${id}`);
}

/**
 * The number a KPI card shows, unformatted (its `data-value`), once the card has one. For checks
 * like "an ingested event shows up": poll it with `expect.poll(() => kpiValue(page, "new-users"))`.
 */
export async function kpiValue(page: Page, tileId: string): Promise<number> {
  const value = tile(page, tileId).getByTestId("kpi-value");
  await value.waitFor({ timeout: 20_000 });
  return Number(await value.getAttribute("data-value"));
}

/** Opens a dashboard as a signed-in user would and waits for its KPI cards. */
export async function openDashboard(page: Page, baseUrl: string, slug = DASHBOARD, search = ""): Promise<void> {
  await page.goto(`${baseUrl}/dashboards/${slug}${search}`);
  await page.getByTestId("dashboard").waitFor({ timeout: 60_000 });
}

/** Waits for the dashboard's data request whose range starts at `from` (an ISO instant). */
function dashboardResponse(page: Page, slug: string, test: (query: URLSearchParams) => boolean) {
  return page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === `/api/dashboards/${slug}` && r.status() === 200 && test(url.searchParams);
  }, { timeout: 60_000 });
}

/** Picks an option of the antd Select with the given test id, by its visible label. */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title='${label}']`).click();
}

describe("operators", () => {
  it("open operations-overview, change the range, drill into a KPI and export CSV", async () => {
    const session = await openBrowser("operators-dashboard");
    const { page } = session;
    await signIn(session, "operator@demo.ist");

    // Home leads to the operations overview
    await page.getByTestId("home-dashboard-card").getByRole("button", { name: "Open the dashboard" }).click();
    await page.waitForURL((url) => url.pathname === `/dashboards/${DASHBOARD}`);
    await page.getByTestId("dashboard").waitFor({ timeout: 60_000 });
    expect(await kpiValue(page, "new-users")).toBeGreaterThanOrEqual(0);
    await expect.poll(() => page.getByTestId("as-of").innerText()).toMatch(/Data as of/);

    // a new range goes into the URL and is fetched
    const reloaded = dashboardResponse(page, DASHBOARD, (q) => Date.parse(q.get("to")!) - Date.parse(q.get("from")!) <= 7 * 86_400_000 + 3_600_000);
    await choose(page, "preset-select", "Last 7 days");
    await page.waitForURL((url) => url.searchParams.get("preset") === "last_7_days");
    const response = await reloaded;
    const body = (await response.json()) as { panels: Record<string, { total?: { value: number | null } }[]> };
    const shown = Number(body.panels["new-users"]?.[0]?.total?.value ?? 0);
    await expect.poll(() => kpiValue(page, "new-users")).toBe(shown);

    // a link reproduces the view
    const shared = page.url();
    await page.reload();
    await page.getByTestId("dashboard").waitFor({ timeout: 60_000 });
    expect(page.url()).toBe(shared);

    // a tile's CSV is what the tile shows
    await tile(page, "activity-trend").getByTestId("tile-menu").click();
    const [tileCsv] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Download CSV" }).click()]);
    const tileText = await readFile((await tileCsv.path())!, "utf8");
    expect(tileCsv.suggestedFilename()).toMatch(/^operations-overview-activity-trend-.*\.csv$/);
    expect(tileText.split("\r\n")[0]).toContain("t,");
    expect(tileText.split("\r\n").filter(Boolean).length).toBeGreaterThan(1);

    // drilling into a KPI opens the explorer on that metric, same range
    await tile(page, "new-users").getByTestId("kpi").click();
    await page.waitForURL((url) => url.pathname === "/explore");
    const explore = new URL(page.url()).searchParams;
    expect(explore.get("metric")).toBe("new_users");
    expect(explore.get("preset")).toBe("last_7_days");
    await page.getByTestId("metric-explorer").waitFor();
    await page.getByTestId("result-table").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("metric-description").innerText()).not.toBe("");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    const csv = await readFile((await download.path())!, "utf8");
    expect(download.suggestedFilename()).toMatch(/^new_users-.*\.csv$/);
    expect(csv.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean).length).toBeGreaterThan(1);
    // every dashboard answer may take seconds on a cold 2-core machine
  }, 180_000);
});

/** Signs in over HTTP and returns the Cookie header, for setup a person would do elsewhere. */
async function apiSession(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

describe("live data", () => {
  it("an event ingested while the dashboard is open shows up in its KPI within 15 s", async () => {
    const session = await openBrowser("operators-live");
    const { page, baseUrl } = session;
    const admin = await apiSession(baseUrl, "admin@demo.ist");
    const created = await fetch(`${baseUrl}/api/keys`, { method: "POST", headers: { "content-type": "application/json", cookie: admin }, body: JSON.stringify({ kind: "ingest", name: "e2e-live" }) });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };

    await signIn(session, "operator@demo.ist");
    // a country no synthetic user has, so the card counts only what this test sends
    await openDashboard(page, baseUrl, DASHBOARD, "?preset=today&country=AQ");
    expect(await kpiValue(page, "new-users")).toBe(0);

    const now = new Date().toISOString();
    const ingest = await fetch(`${baseUrl}/v1/ingest/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ events: [{ event_id: `e2e-live-${Date.now()}`, type: "signup", user_id: `e2e-${Date.now()}`, ts: now, props: { country: "AQ", channel: "organic", device: "web" } }] }),
    });
    expect(ingest.status).toBe(202);
    expect(((await ingest.json()) as { accepted: number }).accepted).toBe(1);
    const acknowledged = Date.now();
    // no reload: the page follows the dashboard stream
    await expect.poll(() => kpiValue(page, "new-users"), { timeout: 15_000, interval: 250 }).toBe(1);
    expect(Date.now() - acknowledged).toBeLessThan(15_000);
  }, 120_000);
});
