/**
 * Checks an event must pass before its schema runs, each giving the event's rejection reason
 * (naming the field) or nothing. They see the event as the client sent it (JSON.parse'd, so a
 * key named `__proto__` is an own property here, not a prototype). A check of another kind
 * (personal data in props, …) is one more entry in EVENT_CHECKS.
 */
export type EventCheck = (event: Record<string, unknown>) => string | undefined;

/** Props nest no deeper than this (the walk stays bounded, and nobody needs more). */
export const MAX_EVENT_DEPTH = 16;

/** Keys that would set a prototype once the event is copied with assignment (what secure-json-parse refuses). */
function prototypeKey(key: string, value: unknown): boolean {
  return key === "__proto__" || (key === "constructor" && typeof value === "object" && value !== null && "prototype" in value);
}

const shown = (key: string) => key.replaceAll("\u0000", "\\u0000");

/**
 * One walk over the event: NUL (U+0000) in any string or key (the lake and PostgreSQL mangle or
 * refuse it, and an id with NUL cannot be looked up again), prototype-setting keys, and nesting
 * past MAX_EVENT_DEPTH. Iterative: hostile nesting cannot overflow the stack.
 */
export const safeStrings: EventCheck = (event) => {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: event, path: "", depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes("\u0000")) return `${path}: must not contain NUL (U+0000) characters`;
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth > MAX_EVENT_DEPTH) return `${path}: must not be nested more than ${MAX_EVENT_DEPTH} levels deep`;
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      const at = path ? `${path}.${shown(key)}` : shown(key);
      if (key.includes("\u0000")) return `${at}: keys must not contain NUL (U+0000) characters`;
      if (prototypeKey(key, child)) return `${at}: a key named ${key}${key === "constructor" ? " holding a prototype" : ""} is not allowed`;
      stack.push({ value: child, path: at, depth: depth + 1 });
    }
  }
  return undefined;
};

export const EVENT_CHECKS: readonly EventCheck[] = [safeStrings];

/** The first check's reason, or undefined when the event passes them all. */
export function eventCheckReason(event: Record<string, unknown>, checks: readonly EventCheck[] = EVENT_CHECKS): string | undefined {
  for (const check of checks) {
    const reason = check(event);
    if (reason) return reason;
  }
  return undefined;
}

/** Before this, an event's `ts` is refused unless configured otherwise: no platform event predates it. */
export const DEFAULT_MIN_TIMESTAMP = "2000-01-01";
