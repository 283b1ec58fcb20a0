import { Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { PlanComponent } from "./finance-types";

const pct = (rate: string) => `${Number((Number(rate) * 100).toFixed(6))}%`;

/** One line per component, in words: "Revenue share 25% of trading fees, 12 months". */
export function ComponentSummary({ component: c }: { component: PlanComponent }) {
  const { t } = useTranslation();
  const window = (months: number | null) => (months === null ? t("finance.plans.lifetime") : t("finance.plans.months", { count: months }));
  const types = (list: string[]) => list.map((r) => t(`finance.revenueTypes.${r}`)).join(", ");
  if (c.type === "cpa") return <span>{t("finance.plans.cpaSummary", { amount: c.amount, min: c.minFirstDeposit })}</span>;
  if (c.type === "revshare") return <span>{t("finance.plans.revshareSummary", { rate: pct(c.rate), types: types(c.revenueTypes), window: window(c.months) })}</span>;
  return (
    <Space direction="vertical" size={0}>
      <span>{t("finance.plans.tieredSummary", { types: types(c.revenueTypes), window: window(c.months) })}</span>
      <Space size={4} wrap>
        {c.tiers.map((tier, i) => (
          <Tag key={i}>{tier.upTo === null ? t("finance.plans.tierAbove", { rate: pct(tier.rate) }) : t("finance.plans.tierUpTo", { upTo: tier.upTo, rate: pct(tier.rate) })}</Tag>
        ))}
      </Space>
    </Space>
  );
}

export function TermsSummary({ overrideRate, components }: { overrideRate: string | null; components: PlanComponent[] }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={2}>
      {components.map((c) => (
        <ComponentSummary key={c.type} component={c} />
      ))}
      {overrideRate !== null && <Typography.Text type="secondary">{t("finance.plans.overrideSummary", { rate: pct(overrideRate) })}</Typography.Text>}
      {components.length === 0 && overrideRate === null && <Typography.Text type="secondary">{t("finance.plans.noTerms")}</Typography.Text>}
    </Space>
  );
}
