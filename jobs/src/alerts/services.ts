import { metricSeriesFetcher, QueryPool, rollupsReady } from "@ist/warehouse";
import { firingContext, type Window } from "./context";
import { lakeSeries, type FetchSeries, type LakeReader, type SeriesQuery } from "./series";

/** What the alerts processors read from outside the operational database. */
export interface AlertServices {
  fetchSeries: FetchSeries;
  /** what else happened on the platform in a window (campaigns, experiments, …) */
  fetchContext(window: Window): Promise<Record<string, unknown>>;
}

export function alertServicesFrom(lake: LakeReader, fetchSeries: FetchSeries = lakeSeries(lake)): AlertServices {
  return { fetchSeries, fetchContext: (window) => firingContext(lake, window) };
}

/**
 * Alert services over the lake in `lakeDir`, opening their DuckDB reader on first use: a worker
 * with no alert rules never pays for it. Series come from the metrics library, so a rule judges
 * exactly what the dashboards show (buckets in the reporting zone); grains the catalogue lacks
 * fall back to the plain event counts of `lakeSeries`.
 */
export function lakeAlertServices(lakeDir: string, zone = "UTC"): AlertServices & { close(): Promise<void> } {
  let pool: Promise<QueryPool> | undefined;
  const lake: LakeReader = {
    async query(sql, params) {
      pool ??= QueryPool.open({ lakeDir, connections: 1, threads: 1, reportingTz: zone }).catch((err: unknown) => {
        pool = undefined;
        throw err;
      });
      const p = await pool;
      // a flush since the last evaluation may have created the first file of a view
      await p.refresh();
      return p.query(sql, params);
    },
  };
  const fallback = lakeSeries(lake);
  const fromCatalogue = metricSeriesFetcher(async () => ({ reader: lake, zone, rollups: await rollupsReady(lakeDir, zone) }), (metric, request) =>
    fallback(metric, request as SeriesQuery),
  );
  const fetchSeries: FetchSeries = (metric, query) => fromCatalogue(metric, query);
  return {
    ...alertServicesFrom(lake, fetchSeries),
    async close() {
      if (pool) await (await pool.catch(() => undefined))?.close();
    },
  };
}
