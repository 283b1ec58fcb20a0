import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { inject, onTestFinished } from "vitest";

export const DEMO_PASSWORD = "demo-ist-2026";
const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), "artifacts");

export interface BrowserSession {
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A fresh Chromium profile (no cookies, no localStorage) with one page, closed when the current test
 * ends. If the test fails, a full-page screenshot is kept in e2e/artifacts/<name>.png.
 */
export async function openBrowser(name: string): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), "ist-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    locale: "en-US",
    viewport: { width: 1366, height: 860 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  // after afterEach hooks, so the page is still open for the screenshot; closes the browser either way
  onTestFinished(async ({ task }) => {
    if (task.result?.state === "fail") {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `${name.replace(/[^a-z0-9-]+/gi, "-")}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    }
    await close();
  });
  return { baseUrl: inject("baseUrl"), context, page, close };
}

/** Signs in through the sign-in page and waits until the console has left it. */
export async function signIn(session: BrowserSession, email: string, password = DEMO_PASSWORD): Promise<void> {
  const { page, baseUrl } = session;
  await page.goto(`${baseUrl}/login`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 20_000 });
}

/** The labels of the side menu's entries, without the sign-out item. */
export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.locator(".ant-layout-sider .ant-menu-item:not([data-menu-id$='logout']) a");
  return (await items.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
}
