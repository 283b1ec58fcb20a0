import { AlertOutlined } from "@ant-design/icons";
import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const alertsDomain = defineConsoleDomain({
  name: "alerts",
  resources: [
    {
      name: "alerts",
      list: "/alerts",
      create: "/alerts/create",
      edit: "/alerts/edit/:id",
      show: "/alerts/show/:id",
      meta: { label: "menu.alerts", icon: <AlertOutlined />, permission: "alerts:read", writePermission: "alerts:write" },
      pages: {
        list: page(() => import("./alert-list-page"), "AlertListPage"),
        create: page(() => import("./alert-create-page"), "AlertCreatePage"),
        edit: page(() => import("./alert-edit-page"), "AlertEditPage"),
        show: page(() => import("./alert-show-page"), "AlertShowPage"),
      },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
