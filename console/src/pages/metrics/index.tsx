import { LineChartOutlined } from "@ant-design/icons";
import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const metricsDomain = defineConsoleDomain({
  name: "metrics",
  resources: [
    {
      // not /metrics: the api serves Prometheus text there, so a reload would never reach the console
      name: "metric-explorer",
      list: "/explore",
      meta: { label: "metrics.menu", icon: <LineChartOutlined />, permission: "dashboards:read" },
      pages: { list: page(() => import("./metric-explorer-page"), "MetricExplorerPage") },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
