import { Authenticated, Refine, type I18nProvider } from "@refinedev/core";
import { useNotificationProvider } from "@refinedev/antd";
import routerProvider, { CatchAllNavigate, DocumentTitleHandler, UnsavedChangesNotifier } from "@refinedev/react-router";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Outlet, Route, Routes } from "react-router";
import { AppLayout } from "./components/app-layout";
import { resourceRoutes } from "./components/resource-routes";
import { StatusPage } from "./components/status-page";
import { SignInPage } from "./pages/auth/sign-in-page";
import { accessControlProvider } from "./providers/access-control-provider";
import { authProvider } from "./providers/auth-provider";
import { dataProvider } from "./providers/data-provider";
import { setLanguage, isLanguage } from "./providers/i18n";
import { PreferencesProvider } from "./providers/preferences";
import { toRefineResources } from "./resources";

function ConsoleRefine() {
  const { t, i18n } = useTranslation();
  const notifications = useNotificationProvider();

  const i18nProvider = useMemo<I18nProvider>(
    () => ({
      // Refine calls both translate(key, defaultMessage) and translate(key, options, defaultMessage)
      translate: (key: string, options?: unknown, defaultMessage?: string) =>
        typeof options === "string"
          ? t(key, { defaultValue: options })
          : t(key, { ...(typeof options === "object" && options !== null ? options : {}), defaultValue: defaultMessage ?? key }),
      changeLocale: (locale) => (isLanguage(locale) ? setLanguage(locale) : undefined),
      getLocale: () => i18n.language,
    }),
    [t, i18n],
  );
  const resources = useMemo(() => toRefineResources(t), [t]);
  // The sign-in page shows its error inline; a toast repeating it would only cover the form.
  const notificationProvider = useMemo(
    () => ({
      ...notifications,
      open: (params: Parameters<typeof notifications.open>[0]) => {
        if (params.key !== "login-error") notifications.open(params);
      },
    }),
    [notifications],
  );

  return (
    <Refine
      dataProvider={dataProvider}
      authProvider={authProvider}
      accessControlProvider={accessControlProvider}
      i18nProvider={i18nProvider}
      routerProvider={routerProvider}
      notificationProvider={notificationProvider}
      resources={resources}
      options={{
        syncWithLocation: true,
        warnWhenUnsavedChanges: true,
        disableTelemetry: true,
        title: { text: t("app.title") },
        reactQuery: { clientConfig: { defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } } },
      }}
    >
      <Routes>
        <Route
          element={
            <Authenticated key="console" fallback={<CatchAllNavigate to="/login" />}>
              <AppLayout>
                <Outlet />
              </AppLayout>
            </Authenticated>
          }
        >
          {resourceRoutes()}
          <Route path="/forbidden" element={<StatusPage status="403" />} />
          <Route path="*" element={<StatusPage status="404" />} />
        </Route>
        <Route path="/login" element={<SignInPage />} />
      </Routes>
      <UnsavedChangesNotifier />
      <DocumentTitleHandler handler={({ resource }) => [resource?.meta?.label, t("app.title")].filter(Boolean).join(" · ")} />
    </Refine>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <PreferencesProvider>
        <ConsoleRefine />
      </PreferencesProvider>
    </BrowserRouter>
  );
}
