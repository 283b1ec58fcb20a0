import { describe, expect, it } from "vitest";
import { fieldErrors, toHttpError } from "./http";

describe("API errors in the console", () => {
  it("maps details.fields onto form fields, joining paths and collecting repeats", () => {
    expect(fieldErrors({ details: { fields: [{ path: "email", message: "bad" }, { path: ["props", "amount"], message: "x" }, { path: "email", message: "taken" }] } })).toEqual({
      email: ["bad", "taken"],
      "props.amount": "x",
    });
    expect(fieldErrors({})).toBeUndefined();
  });
  it("keeps code, request id and falls back to a message", () => {
    expect(toHttpError(429, { code: "rate_limited", requestId: "r1", details: { retryAfterSeconds: 60 } }, "Too many")).toMatchObject({ statusCode: 429, code: "rate_limited", requestId: "r1", message: "Too many" });
  });
});
