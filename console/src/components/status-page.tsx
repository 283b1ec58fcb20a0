import { useGo } from "@refinedev/core";
import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";

/** The 403 (not allowed) and 404 (no such page) pages, with a way back home. */
export function StatusPage({ status }: { status: "403" | "404" }) {
  const { t } = useTranslation();
  const go = useGo();
  return (
    <Result
      status={status}
      title={status}
      subTitle={t(`status.${status}`)}
      data-testid={`status-${status}`}
      extra={
        <Button type="primary" onClick={() => go({ to: "/" })}>
          {t("status.backHome")}
        </Button>
      }
    />
  );
}
