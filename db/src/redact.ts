/**
 * What a failed query says about itself, minus the values it carried. drizzle's DrizzleQueryError
 * puts the bound parameters (password and key hashes, emails) in its message, its stack and a
 * `params` field; PostgreSQL's error `detail` repeats the offending values ("Key (email)=(…)
 * already exists", "Failing row contains (…)"). Loggers pass every error through this (api:
 * app logger options; workers: their own), so no log line carries them.
 */
const PARAMS = /\nparams: [\s\S]*$/;
const DROPPED = new Set(["params", "parameters", "detail", "where", "internalQuery"]);

export function redactText(text: string): string {
  return text.replace(PARAMS, "\nparams: [redacted]");
}

export function redactError<T>(err: T, depth = 0): T {
  if (!(err instanceof Error) || depth > 5) return err;
  const copy = Object.create(Object.getPrototypeOf(err) as object) as Error & Record<string, unknown>;
  for (const [key, value] of Object.entries(err)) {
    if (key === "cause") continue;
    copy[key] = DROPPED.has(key) ? "[redacted]" : value;
  }
  const message = redactText(err.message);
  const frames = (err.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  Object.defineProperty(copy, "name", { value: err.name, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(copy, "message", { value: message, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(copy, "stack", { value: [`${err.name}: ${message}`, ...frames].join("\n"), enumerable: false, writable: true, configurable: true });
  if (err.cause !== undefined) Object.defineProperty(copy, "cause", { value: redactError(err.cause, depth + 1), enumerable: false, writable: true, configurable: true });
  return copy as T;
}
