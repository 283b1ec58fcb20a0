import { describe, expect, it } from "vitest";
import { changedFields } from "./audit-helpers";

describe("changedFields", () => {
  it.each([
    [{ role: "viewer", name: "A" }, { role: "admin", name: "A" }, [{ field: "role", before: "viewer", after: "admin" }]],
    [null, { email: "a@x.io" }, [{ field: "email", before: undefined, after: "a@x.io" }]],
    [{ tags: [1, 2] }, { tags: [1, 2] }, []],
  ])("%o → %o", (before, after, expected) => expect(changedFields(before, after)).toEqual(expected));
});
