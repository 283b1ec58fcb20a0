import { DollarOutlined } from "@ant-design/icons";
import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

/** Finance: partners and their commission plans (settlements come next). */
export const financeDomain = defineConsoleDomain({
  name: "finance",
  resources: [
    { name: "finance", meta: { label: "menu.finance", icon: <DollarOutlined />, permission: "finance:read" }, pages: {} },
    {
      name: "finance/partners",
      list: "/finance/partners",
      create: "/finance/partners/create",
      edit: "/finance/partners/edit/:id",
      show: "/finance/partners/show/:id",
      meta: { label: "menu.financePartners", parent: "finance", permission: "finance:read", writePermission: "finance:write" },
      pages: {
        list: page(() => import("./partner-list-page"), "PartnerListPage"),
        create: page(() => import("./partner-create-page"), "PartnerCreatePage"),
        edit: page(() => import("./partner-edit-page"), "PartnerEditPage"),
        show: page(() => import("./partner-show-page"), "PartnerShowPage"),
      },
    },
    {
      name: "finance/plans",
      list: "/finance/plans",
      create: "/finance/plans/create",
      edit: "/finance/plans/edit/:id",
      meta: { label: "menu.financePlans", parent: "finance", permission: "finance:read", writePermission: "finance:write" },
      pages: {
        list: page(() => import("./plan-list-page"), "PlanListPage"),
        create: page(() => import("./plan-create-page"), "PlanCreatePage"),
        edit: page(() => import("./plan-edit-page"), "PlanEditPage"),
      },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
