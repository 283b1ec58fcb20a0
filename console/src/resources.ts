import { buildConsole, type LocaleSource } from "./build-console";
import type { Messages } from "./domain";
import { DOMAINS } from "./domains";
import { LANGUAGES, type Language } from "./providers/languages";

export type { ConsoleResource, ConsoleResourceMeta, ResourceAction } from "./domain";

/** `locales/<lang>/<file>.json`: the strings no domain owns (the shell, Refine's own, the bell). */
const files = import.meta.glob<Messages>("./locales/*/*.json", { eager: true, import: "default" });

export const SHARED_LOCALES: LocaleSource[] = [...new Set(Object.keys(files).map((path) => path.split("/").at(-1)!))].sort().map((file) => ({
  name: `locales/*/${file}`,
  locales: Object.fromEntries(LANGUAGES.map((language) => [language, files[`./locales/${language}/${file}`]])) as Record<Language, Messages>,
}));

/** The console the domain list makes; the menu, the routes, access control and i18n read it. */
export const CONSOLE = buildConsole(DOMAINS, { shared: SHARED_LOCALES });

export const RESOURCES = CONSOLE.resources;
export const { findResource, childrenOf, toRefineResources } = CONSOLE;
