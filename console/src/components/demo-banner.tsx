import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import { useSession } from "./use-session";

/** Shown while demo accounts with a published password exist: they must not reach production. */
export function DemoBanner() {
  const { t } = useTranslation();
  const { identity } = useSession();
  if (!identity?.demo) return null;
  return <Alert type="warning" showIcon banner message={t("demo.banner")} style={{ marginBottom: 16 }} data-testid="demo-banner" />;
}
