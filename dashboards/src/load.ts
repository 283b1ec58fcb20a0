import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, parseDocument } from "yaml";
import type { MetricInfo } from "@ist/warehouse";
import { dashboardSchema, type Dashboard } from "./schema";

/** Where the shipped dashboards live: `dashboards/<slug>.yaml`. */
export const DASHBOARDS_DIR = fileURLToPath(new URL("..", import.meta.url));

export interface DashboardIssue {
  /** dotted path inside the file, e.g. `tiles.3.metrics.0`; `(root)` for the document itself */
  path: string;
  message: string;
}

/** A dashboard file that does not parse or validate; every line reads `<file>: <path>: <message>`. */
export class DashboardError extends Error {
  constructor(
    readonly file: string,
    readonly issues: DashboardIssue[],
  ) {
    super(issues.map((i) => `${file}: ${i.path}: ${i.message}`).join("\n"));
    this.name = "DashboardError";
  }
}

export interface LoadOptions {
  /** the metric catalogue to validate against; `@ist/warehouse`'s registry (`listMetrics()`) by default */
  metrics?: readonly MetricInfo[];
}

/** Parses and validates one dashboard; `file` names it in errors and must be `<slug>.yaml`. */
export function parseDashboard(text: string, file: string, opts: LoadOptions = {}): Dashboard {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length) {
    const at = (offset: number) => {
      const { line, col } = lines.linePos(offset);
      return `line ${line}, column ${col}`;
    };
    throw new DashboardError(file, doc.errors.map((e) => ({ path: at(e.pos[0]), message: e.message.split("\n")[0]! })));
  }
  const result = dashboardSchema(opts.metrics).safeParse(doc.toJS());
  if (!result.success) {
    throw new DashboardError(
      file,
      result.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })),
    );
  }
  const expected = basename(file).replace(/\.ya?ml$/, "");
  if (result.data.slug !== expected) throw new DashboardError(file, [{ path: "slug", message: `must match the file name "${expected}"` }]);
  return result.data;
}

/** Every problem in a directory of dashboards, reported together. */
export class DashboardsError extends Error {
  constructor(readonly errors: DashboardError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "DashboardsError";
  }
}

const cache = new Map<string, Dashboard[]>();

/**
 * Loads, validates and caches every `*.yaml` in `dir`, sorted by slug. One bad file fails the
 * whole load with every file's problems listed, so a broken definition never ships half a set.
 */
export function loadDashboards(dir: string = DASHBOARDS_DIR, opts: LoadOptions & { reload?: boolean } = {}): Dashboard[] {
  const cached = cache.get(dir);
  if (cached && !opts.reload && !opts.metrics) return cached;
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const dashboards: Dashboard[] = [];
  const errors: DashboardError[] = [];
  for (const file of files) {
    try {
      dashboards.push(parseDashboard(readFileSync(join(dir, file), "utf8"), file, opts));
    } catch (err) {
      if (err instanceof DashboardError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length) throw new DashboardsError(errors);
  dashboards.sort((a, b) => a.slug.localeCompare(b.slug));
  if (!opts.metrics) cache.set(dir, dashboards);
  return dashboards;
}

export function getDashboard(slug: string, dir: string = DASHBOARDS_DIR): Dashboard | undefined {
  return loadDashboards(dir).find((d) => d.slug === slug);
}

/** Every metric a dashboard names, once each, in tile order. */
export function metricsOf(dashboard: Dashboard): string[] {
  return [...new Set(dashboard.tiles.flatMap((t) => t.metrics))];
}
