/** Context queries over the lake for other domains (an alert's firing context). */
export { campaignsSent, CONTEXT_SOURCES, experimentsStarted, firingContext, type ContextSource, type ContextWindow } from "./firing.js";
