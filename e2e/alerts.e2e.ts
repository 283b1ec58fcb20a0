import { describe, expect, it } from "vitest";
import { openBrowser, signIn } from "./browser";

describe("alerts", () => {
  it("an operator creates a threshold rule and sees it in the list, with the bell in the header", async () => {
    const session = await openBrowser("alerts-create");
    const { page, baseUrl } = session;
    const name = `Trades floor ${Date.now()}`;
    await signIn(session, "operator@demo.ist");
    await page.getByTestId("notification-bell").waitFor();

    await page.goto(`${baseUrl}/alerts/create`);
    await page.locator("#name").fill(name);
    await page.locator("#metric").fill("trades");
    await page.locator(".ant-select-item-option").filter({ hasText: /^trades$|\(trades\)$/ }).first().click();
    // threshold is the default condition kind; pick "below"
    await page.locator(".ant-select-selector").filter({ has: page.locator("#operator") }).click();
    await page.locator(".ant-select-item-option[title='below']").click();
    await page.locator("#threshold").fill("100");
    await page.getByRole("button", { name: "Save" }).click();

    await page.waitForURL((url) => url.pathname === "/alerts", { timeout: 15_000 });
    const row = page.locator("tr", { has: page.getByRole("link", { name }) });
    await row.waitFor();
    expect(await row.innerText()).toContain("value below 100");
    // new, it waits for the every-minute evaluation, which may already have judged it: fewer than 100 trades a day is pending (for 5 min)
    expect(await row.getByTestId("alert-state").innerText()).toMatch(/^(Pending first evaluation|OK|Pending)$/);

    await row.getByRole("link", { name }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/alerts/show/"));
    await page.getByTestId("alert-history").waitFor();
    await page.getByRole("button", { name: "Mute" }).click();
    await expect.poll(() => page.getByText("Muted", { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it("a support user has no alerts menu and gets the 403 page", async () => {
    const session = await openBrowser("alerts-support-403");
    const { page, baseUrl } = session;
    await signIn(session, "support@demo.ist");
    await page.goto(`${baseUrl}/alerts`);
    await page.locator(".ant-result-403").waitFor({ timeout: 15_000 });
  });
});
