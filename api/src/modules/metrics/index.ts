import { defineApiDomain } from "../../domain";
import { metricsRoutes } from "./metrics.routes";

/** The metric catalogue and series; read with dashboards:read (the dashboards domain declares it). */
export const metrics = defineApiDomain({ name: "metrics", routes: metricsRoutes });
