import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** i18n.ts merges every file of a language into one namespace, so a top-level key owned twice silently loses one file's strings. */
const dir = import.meta.dirname;
const read = (lang: string, file: string) => JSON.parse(readFileSync(join(dir, lang, file), "utf8")) as Record<string, unknown>;
const leaves = (obj: Record<string, unknown>, prefix = ""): string[] =>
  Object.entries(obj).flatMap(([k, v]) => (v && typeof v === "object" ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe("locale files", () => {
  const files = readdirSync(join(dir, "en")).filter((f) => f.endsWith(".json"));

  it.each(["en", "zh-CN"])("%s: each top-level key belongs to one file", (lang) => {
    const owner = new Map<string, string>();
    for (const file of files) {
      for (const key of Object.keys(read(lang, file))) {
        expect(owner.get(key), `${lang}: "${key}" is in ${owner.get(key)} and ${file}`).toBeUndefined();
        owner.set(key, file);
      }
    }
  });

  it.each(files)("%s has the same keys in en and zh-CN", (file) => {
    expect(leaves(read("zh-CN", file)).sort()).toEqual(leaves(read("en", file)).sort());
  });
});
