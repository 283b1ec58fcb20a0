import { describe, expect, it } from "vitest";
import { CONSOLE } from "../../resources";
import { reachablePages } from "./home-helpers";

const ADMIN = ["alerts:read", "alerts:write", "audit:read", "dashboards:read", "jobs:read", "jobs:run", "keys:read", "keys:write", "pii:read", "settings:read", "settings:write", "users:read", "users:write"];

describe("the home page's list of pages", () => {
  it("offers an admin every page that exists and nothing that does not (no console settings page: under Settings sit ingest keys and one's own account)", () => {
    const pages = reachablePages(CONSOLE, ADMIN);
    expect(pages.map((p) => [p.path, p.canChange])).toEqual([
      ["/", false],
      ["/dashboards", false],
      ["/explore", false],
      ["/alerts", true],
      ["/users", true],
      ["/jobs", false],
      ["/audit", false],
      ["/settings/keys", false],
      ["/settings/account", false],
    ]);
    // every entry is a route the console has
    for (const page of pages) expect(CONSOLE.resources.some((r) => r.list === page.path && r.pages.list)).toBe(true);
  });

  it("offers a viewer what the viewer may open, read-only", () => {
    expect(reachablePages(CONSOLE, ["dashboards:read", "alerts:read"]).map((p) => [p.name, p.canChange])).toEqual([
      ["dashboard", false],
      ["dashboards", false],
      ["metric-explorer", false],
      ["alerts", false],
      ["account", false],
    ]);
  });
});
