export * from "./schema/index";
export * from "./client";
export * from "./crypto";
export * from "./notify";
export { and, asc, count, desc, eq, getTableColumns, gt, gte, ilike, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
export * from "./connect";
export { installationId } from "./installation";
export { makePrivate, PRIVATE_UMASK, usePrivateUmask } from "./private-files";
export type { AnyColumn, SQL } from "drizzle-orm";
