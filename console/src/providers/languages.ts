/** The languages the console ships; every domain's locales cover each of them. */
export const LANGUAGES = ["en", "zh-CN"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Maps a user's stored locale ("zh", "zh-CN", "en-GB", …) to a language the console ships. */
export function toLanguage(locale: string | null | undefined): Language {
  if (!locale) return "en";
  if (isLanguage(locale)) return locale;
  return locale.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}
