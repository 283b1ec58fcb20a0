/**
 * The jobs runtime's event subscription (BullMQ QueueEvents), for the jobs routes' live stream.
 * Route modules import only `@ist/jobs/contracts` (.dependency-cruiser.cjs); the runtime pieces
 * they need come through the api's own wiring, like this one and `api/src/runtime.ts`.
 */
export { subscribeJobEvents, type JobEvent, type JobEventsSubscription } from "@ist/jobs";
