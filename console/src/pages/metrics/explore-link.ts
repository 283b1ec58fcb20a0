import { writeView, type ViewState } from "./view-params";

/**
 * Where the metric explorer lives. Not `/metrics`: the api answers that path itself (Prometheus
 * text), so a reload or a shared link there would never reach the console.
 */
export const EXPLORER_PATH = "/explore";

/** The explorer showing `metric` over the same range, grain and filters (and group-by) as the caller. */
export function exploreHref(metric: string, view: ViewState, groupBy?: string): string {
  const params = new URLSearchParams({ metric });
  if (groupBy) params.set("groupBy", groupBy);
  return `${EXPLORER_PATH}?${writeView(params, view).toString()}`;
}
