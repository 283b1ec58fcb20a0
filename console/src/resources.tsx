import {
  AlertOutlined,
  AuditOutlined,
  DashboardOutlined,
  HomeOutlined,
  LineChartOutlined,
  SettingOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from "@ant-design/icons";
import type { ResourceProps } from "@refinedev/core";
import { lazy, type ComponentType } from "react";

/** A page loaded on first visit, so the console's first load does not carry every page. */
function page<M>(load: () => Promise<M>, name: keyof M & string): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

export type ResourceAction = "list" | "create" | "edit" | "show";

type ResourceMeta = NonNullable<ResourceProps["meta"]>;

export interface ConsoleResourceMeta extends ResourceMeta {
  /** i18n key of the menu label; translated when handed to Refine */
  label: string;
  /** permission (from `/api/auth/me`) needed to see the resource; none: every signed-in user */
  permission?: string;
  /** permission needed to create, edit or delete; defaults to `permission` */
  writePermission?: string;
}

export interface ConsoleResource extends ResourceProps {
  meta: ConsoleResourceMeta;
  pages: Partial<Record<ResourceAction, ComponentType>>;
}

/**
 * Every resource of the console, declared once: paths, menu entry, the permission that guards it and
 * its pages. The menu, the routes and the access control are all derived from this list.
 * A group (menu parent without pages) is shown when any of its children is allowed.
 */
export const RESOURCES: ConsoleResource[] = [
  {
    name: "dashboard",
    list: "/",
    meta: { label: "menu.home", icon: <HomeOutlined /> },
    pages: { list: page(() => import("./pages/home/home-page"), "HomePage") },
  },
  {
    name: "dashboards",
    list: "/dashboards",
    show: "/dashboards/:slug",
    meta: { label: "dashboards.menu", icon: <DashboardOutlined />, permission: "dashboards:read" },
    pages: {
      list: page(() => import("./pages/dashboards/dashboard-list-page"), "DashboardListPage"),
      show: page(() => import("./pages/dashboards/dashboard-show-page"), "DashboardShowPage"),
    },
  },
  {
    // not /metrics: the api serves Prometheus text there, so a reload would never reach the console
    name: "metric-explorer",
    list: "/explore",
    meta: { label: "metrics.menu", icon: <LineChartOutlined />, permission: "dashboards:read" },
    pages: { list: page(() => import("./pages/metrics/metric-explorer-page"), "MetricExplorerPage") },
  },
  {
    name: "alerts",
    list: "/alerts",
    create: "/alerts/create",
    edit: "/alerts/edit/:id",
    show: "/alerts/show/:id",
    meta: { label: "menu.alerts", icon: <AlertOutlined />, permission: "alerts:read", writePermission: "alerts:write" },
    pages: {
      list: page(() => import("./pages/alerts/alert-list-page"), "AlertListPage"),
      create: page(() => import("./pages/alerts/alert-create-page"), "AlertCreatePage"),
      edit: page(() => import("./pages/alerts/alert-edit-page"), "AlertEditPage"),
      show: page(() => import("./pages/alerts/alert-show-page"), "AlertShowPage"),
    },
  },
  {
    name: "users",
    list: "/users",
    create: "/users/create",
    edit: "/users/edit/:id",
    meta: { label: "menu.users", icon: <TeamOutlined />, permission: "users:read", writePermission: "users:write" },
    pages: {
      list: page(() => import("./pages/users/user-list-page"), "UserListPage"),
      create: page(() => import("./pages/users/user-create-page"), "UserCreatePage"),
      edit: page(() => import("./pages/users/user-edit-page"), "UserEditPage"),
    },
  },
  {
    name: "jobs",
    list: "/jobs",
    meta: { label: "menu.jobs", icon: <ThunderboltOutlined />, permission: "jobs:read" },
    pages: { list: page(() => import("./pages/jobs/job-list-page"), "JobListPage") },
  },
  {
    name: "audit",
    list: "/audit",
    meta: { label: "menu.audit", icon: <AuditOutlined />, permission: "audit:read" },
    pages: { list: page(() => import("./pages/audit/audit-list-page"), "AuditListPage") },
  },
  {
    // menu group only: shown when one of its entries is allowed
    name: "settings",
    meta: { label: "menu.settings", icon: <SettingOutlined /> },
    pages: {},
  },
  {
    // simple-rest maps the name to /api/keys
    name: "keys",
    list: "/settings/keys",
    meta: { label: "menu.ingestKeys", permission: "keys:read", writePermission: "keys:write", parent: "settings" },
    pages: { list: page(() => import("./pages/keys/key-list-page"), "KeyListPage") },
  },
];

export function findResource(name: string): ConsoleResource | undefined {
  return RESOURCES.find((r) => r.name === name || r.identifier === name);
}

export function childrenOf(name: string): ConsoleResource[] {
  return RESOURCES.filter((r) => r.meta.parent === name);
}

/** What Refine gets: the same list, labels translated, pages left out. */
export function toRefineResources(t: (key: string) => string): ResourceProps[] {
  return RESOURCES.map(({ pages: _pages, meta, ...resource }) => ({ ...resource, meta: { ...meta, label: t(meta.label) } }));
}
