import { defineApiDomain } from "../../domain";
import { healthRoutes } from "./health.routes";

/** `/health`: database, Redis and lake reachable; public, for load balancers. */
export const health = defineApiDomain({ name: "health", routes: healthRoutes });
