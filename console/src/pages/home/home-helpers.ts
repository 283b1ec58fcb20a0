import type { ConsoleBuild } from "../../build-console";

export interface ReachablePage {
  name: string;
  /** i18n key of the menu label */
  label: string;
  path: string;
  /** the page has forms (create or edit) and the user may use them */
  canChange: boolean;
}

/**
 * The pages a user can open, in menu order, from the same rule as the menu: what the home page
 * offers is what exists, never a permission with nothing behind it (such as a settings page).
 */
export function reachablePages(console: Pick<ConsoleBuild, "resources" | "can">, permissions: readonly string[]): ReachablePage[] {
  return console.resources
    .filter((r) => typeof r.list === "string" && r.pages.list !== undefined && console.can(permissions, r.name, "list"))
    .map((r) => ({
      name: r.name,
      label: r.meta.label,
      path: r.list as string,
      canChange: (r.create !== undefined || r.edit !== undefined) && console.can(permissions, r.name, "create"),
    }));
}
