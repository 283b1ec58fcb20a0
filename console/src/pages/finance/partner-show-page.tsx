import { EditButton, Show } from "@refinedev/antd";
import { useShow, type HttpError } from "@refinedev/core";
import { Descriptions, Tag, Typography } from "antd";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/formatted";
import type { Partner } from "./finance-types";
import { PartnerStatusTag, PartnerTypeTag } from "./partner-tags";

export function PartnerShowPage() {
  const { t } = useTranslation();
  const { query } = useShow<Partner, HttpError>();
  const p = query.data?.data;
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Show title={p ? `${p.code} · ${p.name}` : t("finance.partners.showTitle")} isLoading={query.isLoading} headerButtons={<EditButton />}>
      {p && (
        <Descriptions bordered column={{ xs: 1, md: 2 }} size="middle">
          <Descriptions.Item label={t("finance.fields.code")}>{p.code}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.name")}>{p.name}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.type")}>
            <PartnerTypeTag type={p.type} />
          </Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.status")}>
            <PartnerStatusTag status={p.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.plan")}>
            <Link to={`/finance/plans/edit/${p.planId}`}>{`${p.planKey} · ${p.planName}`}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.parent")}>{p.parentId ? <Link to={`/finance/partners/show/${p.parentId}`}>{p.parentCode}</Link> : none}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.children")}>{p.childCount > 0 ? <Link to={`/finance/partners?filters[0][field]=parentId&filters[0][operator]=eq&filters[0][value]=${p.id}`}>{p.childCount}</Link> : 0}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.holdDays")}>{t("finance.partners.holdDays", { count: p.holdDays })}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.payoutMethod")}>{t(`finance.payoutMethods.${p.payoutMethod}`)}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.referralCodes")}>{p.referralCodes.length ? p.referralCodes.map((c) => <Tag key={c}>{c}</Tag>) : none}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.contactName")}>{p.contact.name ?? none}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.contactEmail")}>{p.contact.email ?? none}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.contactPhone")}>{p.contact.phone ?? none}</Descriptions.Item>
          <Descriptions.Item label={t("finance.fields.updatedAt")}>
            <DateTime value={p.updatedAt} />
          </Descriptions.Item>
        </Descriptions>
      )}
      {p?.contactMasked && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t("finance.partners.contactMasked")}</Typography.Paragraph>}
    </Show>
  );
}
