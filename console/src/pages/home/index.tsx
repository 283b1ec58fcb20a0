import { HomeOutlined } from "@ant-design/icons";
import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const homeDomain = defineConsoleDomain({
  name: "home",
  resources: [
    {
      name: "dashboard",
      list: "/",
      meta: { label: "menu.home", icon: <HomeOutlined /> },
      pages: { list: page(() => import("./home-page"), "HomePage") },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
