import { describe, expect, it } from "vitest";
import { menuLabels, openBrowser, signIn } from "./browser";

const ANALYTICS = ["Dashboards", "Metric explorer"];
const MENUS: Array<[role: string, entries: string[]]> = [
  ["admin", ["Home", ...ANALYTICS, "Alerts", "Users", "Jobs", "Audit log"]],
  ["operator", ["Home", ...ANALYTICS, "Alerts", "Jobs"]],
  ["finance", ["Home", ...ANALYTICS, "Alerts", "Audit log"]],
  ["marketer", ["Home", ...ANALYTICS, "Alerts"]],
  ["support", ["Home", ...ANALYTICS]],
];

describe("foundation", () => {
  it.each(MENUS)("%s sees exactly its menu entries", async (role, entries) => {
    const session = await openBrowser(`menu-${role}`);
    await signIn(session, `${role}@demo.ist`);
    const { page } = session;
    await expect.poll(() => menuLabels(page), { timeout: 15_000 }).toEqual(entries);
    await page.getByTestId("welcome-card").waitFor();
    expect(await page.getByTestId("current-user").innerText()).toContain(role[0]!.toUpperCase() + role.slice(1));
    // demo accounts exist in this run, so every signed-in page warns about them
    expect(await page.getByTestId("demo-banner").innerText()).toContain("Demo mode");
  });

  it("shows the api's message when the password is wrong", async () => {
    const session = await openBrowser("wrong-password");
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/login`);
    await page.locator("#email").fill("admin@demo.ist");
    await page.locator("#password").fill("not-the-password");
    await page.locator("button[type=submit]").click();
    await expect.poll(() => page.getByTestId("sign-in-error").innerText().catch(() => "")).toContain("Invalid email or password");
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("admin creates a user who can then sign in", async () => {
    const session = await openBrowser("create-user");
    const { page, baseUrl } = session;
    const email = `e2e-${Date.now()}@example.com`;
    await signIn(session, "admin@demo.ist");
    await page.goto(`${baseUrl}/users/create`);
    await page.locator("#email").fill(email);
    await page.locator("#displayName").fill("Erin Endtoend");
    await page.locator(".ant-select-selector").filter({ has: page.locator("#role") }).click();
    await page.locator(".ant-select-item-option[title^='Viewer']").click();
    await page.locator("#password").fill("a-long-enough-password");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL((url) => url.pathname === "/users", { timeout: 15_000 });
    await page.getByRole("cell", { name: email }).waitFor();

    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    await signIn(session, email, "a-long-enough-password");
    expect(await page.getByTestId("welcome-card").innerText()).toContain("Erin Endtoend");
    await expect.poll(() => menuLabels(page)).toEqual(["Home", ...ANALYTICS, "Alerts"]);
  });

  it("a support user opening /users gets the 403 page", async () => {
    const session = await openBrowser("support-403");
    const { page, baseUrl } = session;
    await signIn(session, "support@demo.ist");
    await page.goto(`${baseUrl}/users`);
    const result = page.locator(".ant-result-403");
    await result.waitFor({ timeout: 15_000 });
    expect(await result.innerText()).toContain("not allowed");
    expect(await page.locator(".ant-table").count()).toBe(0);
    await result.getByRole("button", { name: "Back home" }).click();
    await page.getByTestId("welcome-card").waitFor();
  });

  it("the language switch turns the console into Chinese, and it stays so", async () => {
    const session = await openBrowser("language");
    const { page } = session;
    await signIn(session, "admin@demo.ist");
    await expect.poll(() => menuLabels(page)).toContain("Users");
    await page.getByText("简体中文", { exact: true }).click();
    await expect.poll(() => menuLabels(page)).toEqual(["首页", "看板", "指标探索", "告警", "用户", "任务", "审计日志"]);
    expect(await page.getByTestId("welcome-card").innerText()).toContain("欢迎");
    await page.reload();
    await expect.poll(() => menuLabels(page)).toContain("用户");
    // the choice is saved in the admin's profile: switch back, so later files' admin reads English
    await page.getByText("English", { exact: true }).click();
    await expect.poll(() => menuLabels(page)).toContain("Users");
  });
});
