import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../test/app";

interface MediaType {
  schema?: Schema;
}
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  required?: string[];
  description?: string;
}
interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

/** A schema with something in it: properties, array items or alternatives, never `{}`. */
function hasShape(s: Schema | undefined): boolean {
  if (!s) return false;
  if (s.properties && Object.keys(s.properties).length > 0) return true;
  // a list of scalars (the audit log's actions) is a shape too: its items say their type
  if (s.type === "array") return !!s.items && ((typeof s.items.type === "string" && s.items.type !== "object") || hasShape(s.items));
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(hasShape);
}

/** /docs is complete: every operation says what it answers on success and in what shape it fails. */
describe("OpenAPI document", () => {
  let t: TestApp;
  let operations: { id: string; op: Operation }[];
  beforeAll(async () => {
    t = await testApp("pglite");
    const doc = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/api/") || path.startsWith("/v1/"))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })));
  });
  afterAll(() => t?.close());

  it("lists every route of the api, event streams included", () => {
    const ids = operations.map((o) => o.id);
    expect(ids.length).toBeGreaterThan(30);
    expect(ids).toEqual(expect.arrayContaining(["GET /api/jobs/stream", "GET /api/dashboards/stream", "POST /v1/ingest/events", "GET /api/notifications"]));
  });

  it("gives every operation a 2xx answer with a real schema; lists answer arrays; streams say text/event-stream", () => {
    const missing: string[] = [];
    for (const { id, op } of operations) {
      const [status, response] = Object.entries(op.responses ?? {}).find(([s]) => /^2\d\d$/.test(s)) ?? [];
      if (!status || !response) {
        missing.push(`${id}: no 2xx`);
        continue;
      }
      if (status === "204") continue;
      const stream = response.content?.["text/event-stream"];
      if (id.endsWith("/stream")) {
        if (!stream?.schema?.description) missing.push(`${id}: no text/event-stream description`);
        continue;
      }
      const schema = response.content?.["application/json"]?.schema;
      if (!hasShape(schema)) missing.push(`${id}: ${status} schema has no shape`);
    }
    expect(missing).toEqual([]);

    const list = (id: string) => operations.find((o) => o.id === id)!.op.responses!["200"]!.content!["application/json"]!.schema!;
    for (const id of ["GET /api/users", "GET /api/audit", "GET /api/jobs", "GET /api/keys", "GET /api/alerts", "GET /api/alerts/{id}/events", "GET /api/metrics", "GET /api/dashboards"]) {
      expect(list(id).type, id).toBe("array");
      expect(hasShape(list(id).items), id).toBe(true);
    }
  });

  it("gives every operation its 4xx answers in the one error shape", () => {
    const wrong: string[] = [];
    for (const { id, op } of operations) {
      const errors = Object.entries(op.responses ?? {}).filter(([s]) => /^4\d\d$/.test(s));
      if (errors.length === 0) wrong.push(`${id}: no 4xx`);
      for (const [status, response] of errors) {
        const schema = Object.values(response.content ?? {})[0]?.schema;
        const props = Object.keys(schema?.properties ?? {});
        if (!["code", "message", "details", "requestId"].every((p) => props.includes(p))) wrong.push(`${id}: ${status} is not the error body (${props.join(",")})`);
        if (!["code", "message", "requestId"].every((p) => schema?.required?.includes(p))) wrong.push(`${id}: ${status} does not require code, message, requestId`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers a session-only route without a session with the documented error body", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/users" });
    expect(res.statusCode).toBe(401);
    expect(Object.keys(res.json()).sort()).toEqual(["code", "message", "requestId"]);
  });
});
