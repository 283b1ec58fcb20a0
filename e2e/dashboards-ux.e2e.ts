import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openBrowser, signIn, type BrowserSession } from "./browser";

/**
 * What an operator ran into on the dashboards and the explorer (#15 items 7–10, 12): each check
 * here failed before its fix. Screenshots go to e2e/artifacts/ux-*.png for a person to look at.
 */
const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), "artifacts");

/** The browser-side shapes these checks touch (the workspace compiles without the DOM library). */
interface BrowserGlobals {
  localStorage: { setItem(key: string, value: string): void };
}
interface Canvas {
  width: number;
  height: number;
  getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
interface Box {
  scrollHeight: number;
  clientHeight: number;
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
}

const tile = (page: Page, id: string) => page.getByTestId(`tile-${id}`);

async function openDashboard(page: Page, baseUrl: string, slug: string, search = ""): Promise<void> {
  await page.goto(`${baseUrl}/dashboards/${slug}${search}`);
  await page.getByTestId("dashboard").waitFor({ timeout: 60_000 });
}

async function kpiValueOf(page: Page, id: string): Promise<number> {
  return Number(await tile(page, id).getByTestId("kpi-value").getAttribute("data-value"));
}

async function shot(target: Page | Locator, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await target.screenshot({ path: join(SHOTS, `ux-${name}.png`) });
}

/** A signed-in browser at 1440 px (the width KPI titles were cut at), charts without animation. */
async function operator(name: string, language?: "zh-CN"): Promise<BrowserSession> {
  const session = await openBrowser(name);
  await session.page.setViewportSize({ width: 1440, height: 900 });
  await session.page.emulateMedia({ reducedMotion: "reduce" });
  if (language) await session.context.addInitScript((l) => (globalThis as unknown as BrowserGlobals).localStorage.setItem("ist.language", l), language);
  await signIn(session, "operator@demo.ist");
  return session;
}

/**
 * The distinct saturated colours drawn in a band of a chart's canvas (fractions of its height),
 * each with at least `min` pixels: the legend's symbols, say. Greys, white and anti-aliased edges
 * do not count.
 */
async function coloursIn(chart: Locator, band: [number, number], min = 12, saturation = 60): Promise<string[]> {
  await chart.locator("canvas").first().waitFor();
  // ECharts draws on several canvases (layers): count them all
  return chart.locator("canvas").evaluateAll(
    (els, { band, min, saturation }) => {
      const counts = new Map<string, number>();
      for (const el of els) {
        const c = el as unknown as Canvas;
        const y0 = Math.floor(c.height * band[0]);
        const data = c.getContext("2d")!.getImageData(0, y0, c.width, Math.max(1, Math.floor(c.height * band[1]) - y0)).data;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
          if (a < 250 || Math.max(r, g, b) - Math.min(r, g, b) < saturation) continue;
          const key = `${r},${g},${b}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      return [...counts].filter(([, n]) => n >= min).map(([k]) => k);
    },
    { band, min, saturation },
  );
}

describe("dashboards and explorer, as an operator sees them", () => {
  it("says 'no earlier data' where the previous period lies before the data, and tells rates in points", async () => {
    const { page, baseUrl } = await operator("ux-deltas");
    // the e2e lake holds 30 days: the 90 days before "last 90 days" are empty
    await openDashboard(page, baseUrl, "operations-overview", "?preset=last_90_days&grain=day");
    const delta = tile(page, "new-users").getByTestId("kpi-delta");
    await expect.poll(() => delta.getAttribute("data-previous-data"), { timeout: 30_000 }).toBe("none");
    expect(await delta.innerText()).toContain("no earlier data");
    expect(await delta.getAttribute("data-tone")).toBe("flat");
    await shot(tile(page, "new-users"), "no-earlier-data");

    // the last 7 days have a full week before them: rates change in percentage points, NPS in points
    await openDashboard(page, baseUrl, "operations-overview", "?preset=last_7_days&grain=day");
    await expect.poll(() => tile(page, "new-users").getByTestId("kpi-delta").getAttribute("data-previous-data"), { timeout: 30_000 }).toBe("full");
    expect(await tile(page, "new-users").getByTestId("kpi-delta").innerText()).toMatch(/%/);
    const retention = await tile(page, "retention-d1").getByTestId("kpi-delta").innerText();
    expect(retention).toMatch(/pp|—/);
    expect(retention).not.toMatch(/%/);
    expect(await tile(page, "nps").getByTestId("kpi-delta").innerText()).toMatch(/pts|—/);
    // and KPI titles are whole at 1440 px: none is clipped
    const clipped = await page.getByTestId("tile-title").evaluateAll((els) =>
      (els as unknown as Box[]).filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
    );
    expect(clipped).toEqual([]);
    expect(await tile(page, "daily-active-users").getByTestId("tile-title").innerText()).toBe("Daily active users (DAU)");
    await shot(page.getByTestId("dashboard"), "kpi-row-1440");
  }, 120_000);

  it("keeps a typed custom range, and its grain", async () => {
    const { page, baseUrl } = await operator("ux-range");
    await openDashboard(page, baseUrl, "operations-overview", "?preset=last_30_days&grain=day");
    const start = page.locator("input[date-range=start]");
    const end = page.locator("input[date-range=end]");
    const today = new Date();
    const day = (daysAgo: number) => new Date(today.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);

    // type the start, Enter: the start stays what was typed
    await start.click();
    await start.fill(day(20));
    await start.press("Enter");
    expect(await start.inputValue()).toBe(day(20));
    // the end, Enter: both apply, the grain stays day
    await end.fill(day(19));
    await end.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("from") === day(20) && url.searchParams.get("to") === day(19));
    expect(new URL(page.url()).searchParams.get("grain")).toBe("day");

    // a start after the end, then a click elsewhere: the two ends in order, not a one-day range
    await start.click();
    await start.fill(day(10));
    await start.press("Enter");
    await page.locator("h3").first().click();
    await page.waitForURL((url) => url.searchParams.get("from") === day(19) && url.searchParams.get("to") === day(10));
    expect(new URL(page.url()).searchParams.get("grain")).toBe("day");
    expect([await start.inputValue(), await end.inputValue()]).toEqual([day(19), day(10)]);
  }, 120_000);

  it("shows the date pickers in Chinese in Chinese mode", async () => {
    const { page, baseUrl } = await operator("ux-zh-picker", "zh-CN");
    await openDashboard(page, baseUrl, "operations-overview");
    const start = page.locator("input[date-range=start]");
    expect(await start.getAttribute("placeholder")).toBe("开始日期");
    expect(await page.locator("input[date-range=end]").getAttribute("placeholder")).toBe("结束日期");
    await start.click();
    const panel = page.locator(".ant-picker-dropdown:visible");
    await panel.waitFor();
    const weekdays = await panel.locator(".ant-picker-content thead th").first().allInnerTexts();
    expect(weekdays.join("")).not.toMatch(/Su|Mo/);
    expect(await panel.locator(".ant-picker-content thead").first().innerText()).toMatch(/一/);
    expect(await panel.locator(".ant-picker-header-view").first().innerText()).toMatch(/年|月/);
    await shot(page, "zh-date-picker");
  }, 120_000);

  it("labels the LTV grid by month, colours every cell and draws the stream donut's whole legend", async () => {
    const { page, baseUrl } = await operator("ux-revenue");
    await openDashboard(page, baseUrl, "revenue");
    const ltv = tile(page, "ltv-by-cohort");
    await ltv.locator("canvas").first().waitFor({ timeout: 60_000 });
    await ltv.getByTestId("tile-menu").click();
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Download CSV" }).click()]);
    const header = (await readFile((await csv.path())!, "utf8")).replace(/^\uFEFF/, "").split("\r\n")[0]!;
    expect(header).toMatch(/^cohort,size,month_0/);
    expect(header).not.toContain("week");
    // the lowest cells are on the scale: more than one shade of blue in the grid
    expect((await coloursIn(ltv, [0, 1], 200, 15)).length).toBeGreaterThan(1);
    await shot(ltv, "ltv-by-cohort");

    // six streams, six colours in the legend band under the donut (a paged legend showed two)
    const donut = tile(page, "stream-mix");
    await donut.locator("canvas").first().waitFor();
    expect((await coloursIn(donut, [0.78, 1])).length).toBeGreaterThanOrEqual(6);
    await shot(donut, "stream-mix");
  }, 120_000);

  it("gives every country of a grouped chart its own colour and label", async () => {
    const { page, baseUrl } = await operator("ux-explorer-colours");
    await page.goto(`${baseUrl}/explore?metric=new_users&groupBy=country&preset=last_30_days&grain=week&chart=bar`);
    const chart = page.getByTestId("explorer-chart");
    await chart.locator("canvas").first().waitFor({ timeout: 60_000 });
    const columns = (await page.getByTestId("result-table").locator("thead th").allInnerTexts()).map((s) => s.trim()).filter(Boolean).slice(1);
    expect(columns.length).toBeGreaterThan(9); // more than ECharts' own nine colours
    // countries by name, not code
    expect(columns).toContain("United States");
    // the bars below the legend: one colour per series
    expect((await coloursIn(chart, [0.12, 0.95], 20)).length).toBeGreaterThanOrEqual(columns.length);
    await shot(chart, "explorer-colours");
  }, 120_000);

  it("suggests filter values from the data, takes any case, and says no match", async () => {
    const { page, baseUrl } = await operator("ux-filters");
    await openDashboard(page, baseUrl, "operations-overview", "?preset=last_30_days&grain=day");
    const country = page.getByTestId("filter-country").locator("input");
    await country.click();
    await country.fill("us");
    // the suggestion comes from the data, by name
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "United States (US)" }).waitFor({ timeout: 15_000 });
    await country.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("country") === "US");

    // a channel typed in capitals is applied in the data's spelling
    const channel = page.getByTestId("filter-channel").locator("input");
    await channel.click();
    await channel.fill("ORGANIC");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "Organic" }).waitFor({ timeout: 15_000 });
    await page.locator("h3").first().click();
    await page.waitForURL((url) => url.searchParams.get("channel") === "organic");

    // a device nobody has: not applied, and the field says so
    const device = page.getByTestId("filter-device").locator("input");
    await device.click();
    await device.fill("toaster");
    await page.waitForTimeout(600);
    await device.press("Enter");
    await expect.poll(() => page.getByTestId("filter-device").getAttribute("data-no-match")).toBe("true");
    const message = page.getByTestId("filter-device-no-match");
    expect(await message.innerText()).toBe("No match");
    expect(await message.getAttribute("title")).toBe("No match for “toaster”: the filter is not applied");
    // the filters applied before stay applied
    expect(new URL(page.url()).searchParams.get("country")).toBe("US");
    expect(new URL(page.url()).searchParams.get("channel")).toBe("organic");
    expect(new URL(page.url()).searchParams.has("device")).toBe(false);
    // the numbers are those of US and organic, not 0
    await page.getByTestId("dashboard-loading").waitFor({ state: "detached", timeout: 30_000 });
    expect(await kpiValueOf(page, "registered-users")).toBeGreaterThan(0);
    await shot(page, "filter-no-match");
  }, 120_000);
});
