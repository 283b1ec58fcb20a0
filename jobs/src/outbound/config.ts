import { z } from "zod";

/**
 * The one setting of the outbound guard. Every contract whose processors call out (alerts today,
 * campaigns and payouts next) puts this same schema in its config slice (composeConfig accepts a
 * variable declared by several domains through one schema).
 */
export const OUTBOUND_ALLOW_HOSTS = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .optional()
  .describe("comma-separated host names outbound calls (webhooks) may reach even on loopback or private addresses; default none");
