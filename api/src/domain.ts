import type { Command } from "commander";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Role } from "@ist/db";
import type { AppDeps } from "./app";
import type { CliIo } from "./cli/io";

/** One permission a domain introduces: what it lets a user do, and who holds it. */
export interface PermissionSpec {
  /** one line, shown in /docs and wherever a person must decide who gets it */
  readonly description: string;
  /** the roles granted it; admin must be one of them (admin holds every permission) */
  readonly roles: readonly Role[];
  /**
   * guards no route of its own: the console shows or hides something by it, or a route checks it
   * for part of its answer (e.g. unmasked personal data). Without it, a permission no route
   * names is an error at start-up.
   */
  readonly uiOnly?: boolean;
}

/** A typed zod route plugin, registered with the app's deps. */
export type DomainRoutes = FastifyPluginAsyncZod<AppDeps>;

/**
 * What one domain adds to the api: its routes, the permissions they ask for and the `ist` commands.
 * `modules/<domain>/index.ts` exports one; `modules/registry.ts` lists them, one line each, and the
 * app, the RBAC table and the CLI are composed from that list. Nothing else names a domain.
 */
export interface ApiDomain {
  /** unique, the folder's name: "alerts" */
  readonly name: string;
  /** permissions this domain introduces, by name (`<domain>:<verb>`), e.g. "alerts:read" */
  readonly permissions?: Readonly<Record<string, PermissionSpec>>;
  /** registered in order, each in a scope of its own, after the app's plugins */
  readonly routes?: DomainRoutes | readonly DomainRoutes[];
  /** adds `ist <group> …` commands */
  readonly cli?: (program: Command, io: CliIo) => void;
}

/** Identity at run time; keeps the literal permission names so `Permission` is a typed union. */
export function defineApiDomain<const D extends ApiDomain>(domain: D): D {
  return domain;
}

/** The permission names the given domains declare, as a union of string literals. */
export type PermissionOf<D> = D extends { readonly permissions: infer P } ? keyof P & string : never;

/**
 * One line of the RBAC matrix test: a route and who passes its access check, written out by hand
 * in `modules/<domain>/<domain>.rbac.ts` (never derived from the domain's `permissions`).
 */
export interface AccessRow {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  /** roles that pass; "public" when no session is needed */
  allowed: readonly Role[] | "public";
  /** a body that passes access and fails validation or finds nothing, so no row changes data */
  body?: unknown;
  /** the URL to request when it is not `url` with `:id` → 999999 (a path that finds nothing) */
  path?: string;
}
