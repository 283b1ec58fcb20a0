import { defineConsoleDomain } from "../../console/src/domain";

/**
 * A domain the console does not ship, to prove that one folder and one line in the domain list are
 * all a domain needs (console/src/domains.test.ts adds it to the list and looks at the result).
 */
export function TinyThingListPage() {
  return (
    <section>
      <h1>Tiny things</h1>
      <ul />
    </section>
  );
}

export const tinyDomain = defineConsoleDomain({
  name: "tiny",
  resources: [
    {
      name: "tiny-things",
      list: "/tiny-things",
      meta: { label: "tiny.menu", permission: "tiny:read" },
      pages: { list: TinyThingListPage },
    },
  ],
  locales: {
    en: { tiny: { menu: "Tiny things" }, permissions: { "tiny:read": "See the tiny things" } },
    "zh-CN": { tiny: { menu: "小物件" }, permissions: { "tiny:read": "查看小物件" } },
  },
});
