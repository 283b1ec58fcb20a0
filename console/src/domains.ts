import type { ConsoleDomain } from "./domain";
import { accountDomain } from "./pages/account";
import { alertsDomain } from "./pages/alerts";
import { auditDomain } from "./pages/audit";
import { dashboardsDomain } from "./pages/dashboards";
import { financeDomain } from "./pages/finance";
import { homeDomain } from "./pages/home";
import { jobsDomain } from "./pages/jobs";
import { keysDomain } from "./pages/keys";
import { metricsDomain } from "./pages/metrics";
import { settingsDomain } from "./pages/settings";
import { usersDomain } from "./pages/users";

/**
 * Every domain of the console, in menu order. Adding a domain is its folder under `pages/` and
 * one line here: resources, menu, routes, access control and strings all come from this list.
 */
export const DOMAINS: readonly ConsoleDomain[] = [
  homeDomain,
  dashboardsDomain,
  metricsDomain,
  alertsDomain,
  financeDomain,
  usersDomain,
  jobsDomain,
  auditDomain,
  settingsDomain,
  keysDomain,
  accountDomain,
];
