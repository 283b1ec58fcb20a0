export { OUTBOUND_ALLOW_HOSTS } from "./config";
export { MAX_REDIRECTS, OUTBOUND_TIMEOUT_MS, OutboundError, outboundFetch, resolveTarget, type OutboundRequest, type OutboundResponse } from "./fetch";
export { allowedHost, embeddedIPv4, refusedAddress, type OutboundPolicy } from "./guard";
