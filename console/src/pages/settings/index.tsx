import { SettingOutlined } from "@ant-design/icons";
import { defineConsoleDomain } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

/**
 * The Settings menu group: no pages of its own, shown when one of its entries is allowed. A domain
 * puts an entry under it with `meta.parent: "settings"` (ingest keys do).
 */
export const settingsDomain = defineConsoleDomain({
  name: "settings",
  resources: [{ name: "settings", meta: { label: "menu.settings", icon: <SettingOutlined /> }, pages: {} }],
  locales: { en, "zh-CN": zhCN },
});
