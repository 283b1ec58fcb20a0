import type { AlertFilters } from "@ist/db";
import { firingContext, metricSeriesFetcher, QueryPool, rollupsReady, type ContextWindow, type MetricsReader } from "@ist/warehouse";
import type { Grain, SeriesPoint } from "./engine";

/**
 * What the alerts processors read from the lake, all of it through the warehouse: series from the
 * metric library (the catalogue's definitions, buckets in the reporting zone, so a rule judges
 * exactly what its tile shows) and the firing context from its context queries. No lake SQL here.
 */

export interface SeriesQuery {
  from: Date;
  to: Date;
  grain: Grain;
  filters: AlertFilters;
}

/**
 * Complete and partial buckets of `metric` in [from, to), missing buckets as 0. A metric without
 * the grain (or not a series) rejects with a message naming what it has: the rule shows it.
 */
export type FetchSeries = (metric: string, query: SeriesQuery) => Promise<SeriesPoint[]>;

/** What the alerts processors read from outside the operational database. */
export interface AlertServices {
  fetchSeries: FetchSeries;
  /** what else happened on the platform in a window (campaigns, experiments, …) */
  fetchContext(window: ContextWindow): Promise<Record<string, unknown>>;
}

export interface AlertLake {
  reader: MetricsReader;
  /** the reporting zone (`REPORTING_TZ`) days are bucketed in */
  zone: string;
  /** whether the reader's rollups are built in `zone` (`rollupsReady`); without them metrics read raw events */
  rollups: boolean | (() => Promise<boolean>);
}

export function alertServicesFrom(lake: AlertLake): AlertServices {
  const rollups = typeof lake.rollups === "function" ? lake.rollups : () => Promise.resolve(lake.rollups as boolean);
  const fetchSeries = metricSeriesFetcher(async () => ({ reader: lake.reader, zone: lake.zone, rollups: await rollups() }));
  return { fetchSeries, fetchContext: (window) => firingContext(lake.reader, window) };
}

/**
 * Alert services over the lake in `lakeDir`, opening their DuckDB reader on first use: a worker
 * with no alert rules never pays for it.
 */
export function lakeAlertServices(lakeDir: string, zone = "UTC"): AlertServices & { close(): Promise<void> } {
  let pool: Promise<QueryPool> | undefined;
  const reader: MetricsReader = {
    async query(sql, params, opts) {
      pool ??= QueryPool.open({ lakeDir, connections: 1, threads: 1, reportingTz: zone }).catch((err: unknown) => {
        pool = undefined;
        throw err;
      });
      const p = await pool;
      // a flush since the last evaluation may have created the first file of a view
      await p.refresh();
      return p.query(sql, params, opts);
    },
  };
  return {
    ...alertServicesFrom({ reader, zone, rollups: () => rollupsReady(lakeDir, zone) }),
    async close() {
      if (pool) await (await pool.catch(() => undefined))?.close();
    },
  };
}
