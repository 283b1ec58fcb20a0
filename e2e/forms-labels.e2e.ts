import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openBrowser, signIn } from "./browser";

/** Chinese for this page only: the demo accounts are shared by every test, so their saved locale stays English. */
async function inChinese(page: Page): Promise<void> {
  // a string, evaluated in the page (the tests compile without the DOM library)
  await page.evaluate(`localStorage.setItem("ist.language", "zh-CN")`);
}

/** The antd Select whose input has this id. */
const selectOf = (page: Page, fieldId: string) => page.locator(".ant-select-selector").filter({ has: page.locator(`#${fieldId}`) });

/** The open dropdown of the antd Select whose input has this id (its listbox is `<id>_list`). */
const dropdownOf = (page: Page, fieldId: string) => page.locator(".ant-select-dropdown", { has: page.locator(`#${fieldId}_list`) });

/** The options an antd Select offers once opened, by their visible text. */
async function selectOptions(page: Page, fieldId: string): Promise<string[]> {
  await selectOf(page, fieldId).click();
  const options = dropdownOf(page, fieldId).locator(".ant-select-item-option");
  await options.first().waitFor();
  const texts = (await options.allInnerTexts()).map((s) => s.trim());
  await page.keyboard.press("Escape");
  return texts;
}

async function pickMetric(page: Page, id: string): Promise<void> {
  await page.locator("#metric").fill(id);
  await dropdownOf(page, "metric").locator(".ant-select-item-option").filter({ hasText: `(${id})` }).first().click();
}

const CJK = /[\u4e00-\u9fff]/;

describe("forms, errors and labels", () => {
  it("an alert rule offers only its metric's grains, defaults to the day, and waits for its first evaluation", async () => {
    const session = await openBrowser("alerts-grains");
    const { page, baseUrl } = session;
    const name = `WAU floor ${Date.now()}`;
    await signIn(session, "operator@demo.ist");
    await page.goto(`${baseUrl}/alerts/create`);
    await page.locator("#name").fill(name);

    // weekly active users have no hour: the form does not offer one
    await pickMetric(page, "weekly_active_users");
    expect(await selectOptions(page, "grain")).toEqual(["Day"]);
    expect(await selectOf(page, "grain").innerText()).toContain("Day");
    // trades have both; the rule starts at the day, the metric's own
    await pickMetric(page, "trades");
    expect(await selectOptions(page, "grain")).toEqual(["Hour", "Day"]);
    expect(await selectOf(page, "grain").innerText()).toContain("Day");
    await pickMetric(page, "weekly_active_users");
    await page.locator("#threshold").fill("100");
    // disabled, so the every-minute evaluator leaves it alone and the state is certain
    await page.locator("#enabled").click();
    const created = page.waitForResponse((r) => r.url().endsWith("/api/alerts") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Save" }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    expect(await response.json()).toMatchObject({ grain: "day", state: "unevaluated" });

    await page.waitForURL((url) => url.pathname === "/alerts", { timeout: 15_000 });
    const row = page.locator("tr", { has: page.getByRole("link", { name }) });
    await row.waitFor();
    expect(await row.getByTestId("alert-state").innerText()).toBe("Pending first evaluation");
    // the metric by its label, not its id
    await expect.poll(() => row.getByTestId("alert-metric").innerText()).toBe("Weekly active users (WAU)");

    await inChinese(page);
    await page.reload();
    const zhRow = page.locator("tr", { has: page.getByRole("link", { name }) });
    await zhRow.waitFor();
    expect(await zhRow.getByTestId("alert-state").innerText()).toBe("等待首次评估");
    await expect.poll(() => zhRow.getByTestId("alert-metric").innerText()).toBe("周活跃用户（WAU）");
  });

  it("a form checks what it can before sending, and shows the server's field errors on the fields in the UI language", async () => {
    const session = await openBrowser("forms-server-errors");
    const { page, baseUrl } = session;
    await signIn(session, "admin@demo.ist");
    await inChinese(page);
    await page.goto(`${baseUrl}/users/create`);
    await page.locator("#email").waitFor();
    let posts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/users") posts++;
    });

    // a name of blanks is caught here, not sent (the api would trim it to nothing and refuse it)
    await page.locator("#email").fill("operator@demo.ist");
    await page.locator("#displayName").fill("   ");
    await page.locator("#password").fill("correct-horse-battery-staple-41");
    await page.getByRole("button", { name: "保存" }).click();
    const nameError = page.locator(".ant-form-item", { has: page.locator("#displayName") }).locator(".ant-form-item-explain-error");
    await expect.poll(() => nameError.innerText()).toBe("请输入显示名称");
    expect(posts).toBe(0);

    // the api knows what the form cannot: the email is taken. Its answer lands on the email field, in Chinese
    await page.locator("#displayName").fill("Second operator");
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/users" && r.request().method() === "POST");
    await page.getByRole("button", { name: "保存" }).click();
    const body = await (await refused).json();
    expect(body.details.fields).toEqual([expect.objectContaining({ code: "in_use", path: "email" })]);
    const emailError = page.locator(".ant-form-item", { has: page.locator("#email") }).locator(".ant-form-item-explain-error");
    await expect.poll(() => emailError.innerText()).toBe("已被使用");
    const toast = page.locator(".ant-notification-notice").last();
    await toast.waitFor();
    const text = await toast.innerText();
    expect(text).toMatch(CJK);
    expect(text).not.toMatch(/status code|状态码|already|\(root\)/i);
  });

  it("the audit log's action filter is a list of the actions it holds, labelled", async () => {
    const session = await openBrowser("audit-actions");
    const { page, baseUrl } = session;
    await signIn(session, "admin@demo.ist");
    await page.goto(`${baseUrl}/audit`);
    await page.locator("table").waitFor();
    expect(await page.getByRole("combobox", { name: "Action" }).getAttribute("id")).toBe("action");
    const options = await selectOptions(page, "action");
    // we just signed in: the log holds that, and the option says it in words, with the code beside
    expect(options.some((o) => o.startsWith("Signed in") && o.includes("auth.login"))).toBe(true);

    await selectOf(page, "action").click();
    await dropdownOf(page, "action").locator(".ant-select-item-option[title='Signed in']").click();
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((url) => url.search.includes("auth.login"));
    await expect.poll(async () => {
      const tags = await page.getByTestId("audit-action").allInnerTexts();
      return tags.length > 0 && tags.every((t) => t === "Signed in");
    }, { timeout: 15_000 }).toBe(true);

    await inChinese(page);
    await page.reload();
    await expect.poll(async () => {
      const tags = await page.getByTestId("audit-action").allInnerTexts();
      return tags.length > 0 && tags.every((t) => t === "登录");
    }, { timeout: 15_000 }).toBe(true);
  });

  it("in Chinese the jobs page names and describes every job in Chinese", async () => {
    const session = await openBrowser("jobs-zh");
    const { page, baseUrl } = session;
    await signIn(session, "admin@demo.ist");
    await inChinese(page);
    await page.goto(`${baseUrl}/jobs`);
    const descriptions = page.getByTestId("job-definition-description");
    await descriptions.first().waitFor({ timeout: 15_000 });
    const texts = await descriptions.allInnerTexts();
    const titles = await page.getByTestId("job-definition-title").allInnerTexts();
    expect(texts.length).toBeGreaterThanOrEqual(3);
    for (const text of texts) {
      expect(text).toMatch(CJK);
      // no English sentence left, at most codes such as Parquet or event_id
      expect(text).not.toMatch(/\b(the|and|of|older|each)\b/i);
    }
    for (const title of titles) expect(title).toMatch(CJK);
  });

  it("an admin's home lists the pages that exist, and promises no settings page", async () => {
    const session = await openBrowser("home-admin");
    const { page } = session;
    await signIn(session, "admin@demo.ist");
    const card = page.getByTestId("home-pages");
    await card.waitFor();
    const links = await Promise.all((await card.locator("a").all()).map(async (a) => (await a.getAttribute("href")) ?? ""));
    expect(links).toEqual(["/dashboards", "/explore", "/alerts", "/finance/partners", "/finance/plans", "/users", "/jobs", "/audit", "/settings/keys", "/settings/account"]);
    expect(await card.innerText()).not.toMatch(/console settings/i);
    // each one opens a page, not the 404
    for (const link of links) {
      await card.locator(`a[href='${link}']`).click();
      await page.waitForURL((url) => url.pathname === link);
      expect(await page.locator(".ant-result-404").count()).toBe(0);
      await page.goBack();
      await card.waitFor();
    }
  });
});
