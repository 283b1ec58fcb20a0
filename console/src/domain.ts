import type { ResourceProps } from "@refinedev/core";
import { lazy, type ComponentType } from "react";
import type { Language } from "./providers/languages";

/**
 * What a console domain declares in `pages/<domain>/index.tsx`: its resources (paths, menu entry,
 * the permission that guards it, its pages) and its strings. `domains.ts` lists the domains;
 * the menu, the routes, access control and the i18n bundles are derived from that list.
 */
export interface ConsoleDomain {
  name: string;
  resources: readonly ConsoleResource[];
  /** the domain's strings, one object per language, merged into the console's one namespace */
  locales: Record<Language, Messages>;
}

export type Messages = { [key: string]: unknown };

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

/** A group (menu parent without pages) is shown when any of its children is allowed. */
export interface ConsoleResource extends ResourceProps {
  meta: ConsoleResourceMeta;
  pages: Partial<Record<ResourceAction, ComponentType>>;
}

export function defineConsoleDomain<const D extends ConsoleDomain>(domain: D): D {
  return domain;
}

/** A page loaded on first visit, so the console's first load does not carry every page. */
export function page<M>(load: () => Promise<M>, name: keyof M & string): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
