import { describe, expect, it } from "vitest";
import { dimensionValues, resolveFilterValue } from "./dimension-values.js";
import { MODES, useTestLake } from "./test-support/lake.js";
import { NOW, WORLD, WORLD_USERS } from "./test-support/world.js";

/*
 * Signups: lea CN organic web · gus GB organic android · fay GB organic android · ann CN organic ios ·
 * bob US affiliate android (partner p7) · cat CN paid_social web · dan DE organic ios; eve has no signup.
 * Plans: eve basic, ann pro, bob basic; eight users in all.
 */
describe.each(MODES)("filter values from the data (%s)", (mode) => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  it.each([
    ["country", undefined, [["CN", 3], ["GB", 2], ["DE", 1], ["US", 1]]],
    ["channel", undefined, [["organic", 5], ["affiliate", 1], ["paid_social", 1]]],
    ["device", undefined, [["android", 3], ["ios", 2], ["web", 2]]],
    ["partner", undefined, [["p7", 1]]],
    ["tier", undefined, [["free", 8], ["basic", 2], ["pro", 1]]],
    // any case, anywhere in the value
    ["channel", "SOCIAL", [["paid_social", 1]]],
    ["country", "g", [["GB", 1 + 1]]],
    ["device", "xbox", []],
  ] as const)("%s containing %s", async (dimension, search, expected) => {
    const values = await dimensionValues(env(mode), dimension, { search });
    expect(values.map((v) => [v.value, v.users])).toEqual(expected);
  });

  it("limits the list", async () => {
    expect((await dimensionValues(env(mode), "country", { limit: 2 })).map((v) => v.value)).toEqual(["CN", "GB"]);
  });

  it.each([
    ["country", "us", "US"],
    ["country", " Cn ", "CN"],
    ["channel", "ORGANIC", "organic"],
    ["country", "U", null],
    ["country", "AQ", null],
  ] as const)("%s %j is spelt %s in the data", async (dimension, typed, expected) => {
    expect(await resolveFilterValue(env(mode), dimension, typed)).toBe(expected);
  });
});
