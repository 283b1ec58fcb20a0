import { defineApiDomain } from "../../domain";
import { notificationsRoutes } from "./notifications.routes";

/** Every signed-in user's own notifications (the bell). */
export const notifications = defineApiDomain({ name: "notifications", routes: notificationsRoutes });
