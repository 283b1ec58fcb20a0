import { describe, expect, it } from "vitest";
import { openBrowser, signIn } from "./browser";

describe("my account", () => {
  it("a user changes their own password: a common one is refused by field, the new one signs in", async () => {
    const admin = await openBrowser("account-admin");
    const email = `e2e-pw-${Date.now()}@example.com`;
    await signIn(admin, "admin@demo.ist");
    const created = await admin.page.evaluate(
      async (body) => (await fetch("/api/users", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).status,
      { email, displayName: "Pat Password", role: "support", password: "first-long-passphrase" },
    );
    expect(created).toBe(201);

    const session = await openBrowser("account-change");
    const { page, baseUrl } = session;
    await signIn(session, email, "first-long-passphrase");
    await page.goto(`${baseUrl}/settings/account`);
    await page.locator("#currentPassword").fill("first-long-passphrase");
    await page.locator("#newPassword").fill("1234567890");
    await page.locator("#confirm").fill("1234567890");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => page.locator(".ant-form-item-explain-error").allInnerTexts(), { timeout: 15_000 }).toContain("Too easy to guess: choose a longer phrase of unrelated words");

    await page.locator("#newPassword").fill("brand-new-violet-kettle");
    await page.locator("#confirm").fill("brand-new-violet-kettle");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Password changed.", { exact: false }).waitFor({ timeout: 15_000 });

    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    await signIn(session, email, "brand-new-violet-kettle");
    await page.getByTestId("welcome-card").waitFor();
  });
});
