import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Partner } from "./finance-types";

const TYPE_COLOR: Record<Partner["type"], string> = { affiliate: "blue", introducing_broker: "purple", kol: "magenta", institution: "gold" };
const STATUS_COLOR: Record<Partner["status"], string> = { active: "success", paused: "warning", terminated: "default" };

export function PartnerTypeTag({ type }: { type: Partner["type"] }) {
  const { t } = useTranslation();
  return <Tag color={TYPE_COLOR[type]}>{t(`finance.partnerTypes.${type}`)}</Tag>;
}

export function PartnerStatusTag({ status }: { status: Partner["status"] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`finance.partnerStatuses.${status}`)}</Tag>;
}
