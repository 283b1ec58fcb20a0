import { LockOutlined } from "@ant-design/icons";
import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

/** The signed-in user's own account (under Settings, for every role): changing the password. */
export const accountDomain = defineConsoleDomain({
  name: "account",
  resources: [
    {
      name: "account",
      list: "/settings/account",
      meta: { label: "menu.account", icon: <LockOutlined />, parent: "settings" },
      pages: { list: page(() => import("./account-page"), "AccountPage") },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
