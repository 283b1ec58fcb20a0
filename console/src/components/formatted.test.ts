import { describe, expect, it } from "vitest";
import { formatDuration } from "./formatted";

describe("formatDuration", () => {
  it.each([
    [850, "en", "850 ms"],
    [72_000, "en", "1 min 12 sec"],
    [3_660_000, "en", "1 hr 1 min"],
  ])("%i ms in %s → %s", (ms, lang, text) => expect(formatDuration(ms, lang)).toBe(text));
  it("localises to Chinese", () => {
    expect(formatDuration(72_000, "zh-CN")).toMatch(/1\s?分钟\s?12\s?秒/);
  });
});
