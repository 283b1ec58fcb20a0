import { ThunderboltOutlined } from "@ant-design/icons";
import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const jobsDomain = defineConsoleDomain({
  name: "jobs",
  resources: [
    {
      name: "jobs",
      list: "/jobs",
      meta: { label: "menu.jobs", icon: <ThunderboltOutlined />, permission: "jobs:read" },
      pages: { list: page(() => import("./job-list-page"), "JobListPage") },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
