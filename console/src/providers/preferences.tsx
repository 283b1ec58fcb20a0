import { App as AntdApp, ConfigProvider, Empty, theme } from "antd";
// the ES modules: the CommonJS `antd/locale/*` files reach a default import as `{ default: locale }` under Vite 8
import enUS from "antd/es/locale/en_US";
import zhCN from "antd/es/locale/zh_CN";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { setLanguage, toLanguage, type Language } from "./i18n";

export type ColorMode = "light" | "dark";

const STORAGE_KEY = "ist.colorMode";

interface Preferences {
  colorMode: ColorMode;
  setColorMode: (mode: ColorMode) => void;
  language: Language;
  setLanguage: (language: Language) => void;
}

const PreferencesContext = createContext<Preferences | undefined>(undefined);

function initialColorMode(): ColorMode {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "light" || stored === "dark") return stored;
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Colour mode and language, both remembered in localStorage, applied to antd (theme, locale) in one place. */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const { i18n, t } = useTranslation(); // re-renders on a language switch
  const [colorMode, setColorModeState] = useState<ColorMode>(initialColorMode);
  const language = toLanguage(i18n.resolvedLanguage ?? i18n.language);

  useEffect(() => {
    document.documentElement.dataset.theme = colorMode;
    document.documentElement.style.colorScheme = colorMode;
  }, [colorMode]);

  const value = useMemo<Preferences>(
    () => ({
      colorMode,
      setColorMode: (mode) => {
        localStorage.setItem(STORAGE_KEY, mode);
        setColorModeState(mode);
      },
      language,
      setLanguage: (next) => void setLanguage(next),
    }),
    [colorMode, language],
  );

  return (
    <PreferencesContext.Provider value={value}>
      <ConfigProvider
        locale={language === "zh-CN" ? zhCN : enUS}
        theme={{ algorithm: colorMode === "dark" ? theme.darkAlgorithm : theme.defaultAlgorithm, token: { colorPrimary: "#1677ff" } }}
        // empty tables and lists say so in the console's language (antd's own text stayed English in Chinese)
        renderEmpty={() => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("status.noData")} />}
      >
        <AntdApp>{children}</AntdApp>
      </ConfigProvider>
    </PreferencesContext.Provider>
  );
}

export function usePreferences(): Preferences {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error("usePreferences outside PreferencesProvider");
  return value;
}
