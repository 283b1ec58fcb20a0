import { TeamOutlined } from "@ant-design/icons";
import { defineConsoleDomain, page } from "../../domain";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const usersDomain = defineConsoleDomain({
  name: "users",
  resources: [
    {
      name: "users",
      list: "/users",
      create: "/users/create",
      edit: "/users/edit/:id",
      meta: { label: "menu.users", icon: <TeamOutlined />, permission: "users:read", writePermission: "users:write" },
      pages: {
        list: page(() => import("./user-list-page"), "UserListPage"),
        create: page(() => import("./user-create-page"), "UserCreatePage"),
        edit: page(() => import("./user-edit-page"), "UserEditPage"),
      },
    },
  ],
  locales: { en, "zh-CN": zhCN },
});
