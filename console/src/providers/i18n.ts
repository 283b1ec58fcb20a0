import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { CONSOLE } from "../resources";
import { setErrorTranslator } from "./http";
import { LANGUAGES, isLanguage, toLanguage, type Language } from "./languages";

export { LANGUAGES, isLanguage, toLanguage, type Language } from "./languages";

const STORAGE_KEY = "ist.language";

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
  // one namespace per language: the shared strings and every domain's (domains.ts), merged
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CONSOLE.locales[l] }])),
  lng: initial,
  fallbackLng: "en",
  interpolation: { escapeValue: false }, // React escapes
  nsSeparator: false, // one namespace, and permission names ("users:read") are keys
  returnNull: false,
  showSupportNotice: false,
});
applyLanguage(initial);
i18n.on("languageChanged", applyLanguage);
setErrorTranslator((key, options) => i18n.t(key, options));

/** Switches the UI language and remembers the choice for the next visit. */
export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await i18n.changeLanguage(language);
}

export { i18n };
