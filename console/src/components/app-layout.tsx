import { ThemedLayout, ThemedTitle } from "@refinedev/antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AppHeader } from "./app-header";
import { AppLogo } from "./app-logo";
import { DemoBanner } from "./demo-banner";

export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <ThemedLayout
      Header={AppHeader}
      Title={({ collapsed }) => <ThemedTitle collapsed={collapsed} icon={<AppLogo />} text={t("app.title")} />}
    >
      <DemoBanner />
      {children}
    </ThemedLayout>
  );
}
