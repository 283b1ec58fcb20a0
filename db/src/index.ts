export * from "./schema/index";
export * from "./client";
export * from "./crypto";
export { and, asc, count, desc, eq, getTableColumns, gt, gte, ilike, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
export * from "./connect";
