import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = ["en", "zh-CN"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "ist.language";

type Messages = Record<string, unknown>;

/** Every `locales/<lang>/<file>.json` is merged into one namespace; each file owns its top-level keys. */
const files = import.meta.glob<Messages>("../locales/*/*.json", { eager: true, import: "default" });

function bundle(language: Language): Messages {
  const merged: Messages = {};
  for (const [path, messages] of Object.entries(files)) {
    if (path.split("/").at(-2) === language) Object.assign(merged, messages);
  }
  return merged;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Maps a user's stored locale ("zh", "zh-CN", "en-GB", …) to a language the console ships. */
export function toLanguage(locale: string | null | undefined): Language {
  if (!locale) return "en";
  if (isLanguage(locale)) return locale;
  return locale.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

function storedLanguage(): Language | undefined {
  const value = localStorage.getItem(STORAGE_KEY);
  return isLanguage(value) ? value : undefined;
}

function browserLanguage(): Language {
  return toLanguage(navigator.language);
}

const initial = storedLanguage() ?? browserLanguage();

function applyLanguage(language: string) {
  dayjs.locale(language === "zh-CN" ? "zh-cn" : "en");
  document.documentElement.lang = language;
}

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: bundle(l) }])),
  lng: initial,
  fallbackLng: "en",
  interpolation: { escapeValue: false }, // React escapes
  nsSeparator: false, // one namespace, and permission names ("users:read") are keys
  returnNull: false,
  showSupportNotice: false,
});
applyLanguage(initial);
i18n.on("languageChanged", applyLanguage);

/** Switches the UI language and remembers the choice for the next visit. */
export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await i18n.changeLanguage(language);
}

export { i18n };
