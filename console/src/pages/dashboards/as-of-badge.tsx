import { Badge, Tooltip } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../components/formatted";
import type { LiveStatus } from "./use-dashboard-stream";

const BADGE: Record<LiveStatus, "success" | "processing" | "warning"> = { live: "success", connecting: "processing", reconnecting: "warning" };

/** "12 sec. ago" / "12秒前", coarser as it grows. */
export function relativeAge(seconds: number, language: string): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: "always", style: "short" });
  if (seconds < 60) return format.format(-Math.max(0, Math.floor(seconds)), "second");
  if (seconds < 3600) return format.format(-Math.floor(seconds / 60), "minute");
  if (seconds < 86_400) return format.format(-Math.floor(seconds / 3600), "hour");
  return format.format(-Math.floor(seconds / 86_400), "day");
}

/** How fresh the data on screen is, ticking every second, with the live stream's state as its dot. */
export function AsOfBadge({ asOf, status }: { asOf: string | undefined; status?: LiveStatus }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!asOf) return null;
  const seconds = (now - Date.parse(asOf)) / 1000;
  const dot = status ? BADGE[status] : "default";
  return (
    <Tooltip title={`${formatDateTime(asOf, i18n.language)}${status ? ` · ${t(`dashboards.live.${status}`)}` : ""}`}>
      <Badge status={dot} text={t("dashboards.asOf", { ago: relativeAge(seconds, i18n.language) })} data-testid="as-of" data-as-of={asOf} />
    </Tooltip>
  );
}
