export * from "./schema/index";
export * from "./client";
export * from "./crypto";
export { and, asc, desc, eq, gte, ilike, inArray, isNull, lt, lte, or, sql, count } from "drizzle-orm";
