import { defineApiDomain } from "../../domain";
// moves to ./notifications.routes with the generic notifications
import { notificationsRoutes } from "../alerts/notifications.routes";

/** Every signed-in user's own notifications (the bell). */
export const notifications = defineApiDomain({ name: "notifications", routes: notificationsRoutes });
