import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const keysDomain = defineConsoleDomain({
  name: "keys",
  resources: [
    {
      // simple-rest maps the name to /api/keys
      name: "keys",
      list: "/settings/keys",
      meta: { label: "menu.ingestKeys", permission: "keys:read", writePermission: "keys:write", parent: "settings" },
      pages: { list: page(() => import("./key-list-page"), "KeyListPage") },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
