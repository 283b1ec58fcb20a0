import { AuditOutlined } from "@ant-design/icons";
import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const auditDomain = defineConsoleDomain({
  name: "audit",
  resources: [
    {
      name: "audit",
      list: "/audit",
      meta: { label: "menu.audit", icon: <AuditOutlined />, permission: "audit:read" },
      pages: { list: page(() => import("./audit-list-page"), "AuditListPage") },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
