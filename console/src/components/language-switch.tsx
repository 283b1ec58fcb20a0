import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { LANGUAGES, type Language } from "../providers/i18n";
import { apiFetch } from "../providers/http";
import { usePreferences } from "../providers/preferences";

// Each language is named in itself, so it can be found whatever the current UI language is.
const LANGUAGE_NAMES: Record<Language, string> = { en: "English", "zh-CN": "简体中文" };

/** `saveToAccount`: signed in, the choice is also saved as the user's locale, so it follows them. */
export function LanguageSwitch({ saveToAccount = false }: { saveToAccount?: boolean }) {
  const { t } = useTranslation();
  const { language, setLanguage: apply } = usePreferences();
  const setLanguage = (next: Language) => {
    apply(next);
    if (saveToAccount) void apiFetch("/api/auth/me", { method: "PATCH", body: { locale: next } }).catch(() => undefined);
  };
  return (
    <Segmented<Language>
      aria-label={t("header.language")}
      value={language}
      onChange={setLanguage}
      options={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
    />
  );
}
