import { DashboardOutlined } from "@ant-design/icons";
import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const dashboardsDomain = defineConsoleDomain({
  name: "dashboards",
  resources: [
    {
      name: "dashboards",
      list: "/dashboards",
      show: "/dashboards/:slug",
      meta: { label: "dashboards.menu", icon: <DashboardOutlined />, permission: "dashboards:read" },
      pages: {
        list: page(() => import("./dashboard-list-page"), "DashboardListPage"),
        show: page(() => import("./dashboard-show-page"), "DashboardShowPage"),
      },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
