import { ArrowRightOutlined } from "@ant-design/icons";
import { Col, Row, Table, Typography, theme } from "antd";
import { useTranslation } from "react-i18next";
import type { AuditEntry } from "../../api/types";
import { changedFields, type FieldChange } from "./audit-helpers";

function Json({ value }: { value: unknown }) {
  const { token } = theme.useToken();
  if (value === undefined || value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre
      style={{
        margin: 0,
        padding: 8,
        background: token.colorFillTertiary,
        borderRadius: token.borderRadius,
        fontSize: 12,
        maxHeight: 320,
        overflow: "auto",
        whiteSpace: "pre-wrap",
        wordBreak: "break-word",
      }}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function BeforeAfter({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  if (entry.before == null && entry.after == null) return <Typography.Text type="secondary">{t("audit.diff.none")}</Typography.Text>;
  return (
    <Row gutter={16}>
      {(["before", "after"] as const).map((side) => (
        <Col xs={24} md={12} key={side}>
          <div style={{ marginBottom: 4 }}>
            <Typography.Text strong>{t(`audit.diff.${side}`)}</Typography.Text>
          </div>
          <Json value={entry[side]} />
        </Col>
      ))}
    </Row>
  );
}

/** The expanded row: which fields changed, then the full before → after documents. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const changes = changedFields(entry.before, entry.after);
  return (
    <div data-testid="audit-diff">
      {changes.length > 0 && (
        <Table<FieldChange> dataSource={changes} rowKey="field" size="small" pagination={false} style={{ marginBottom: 12 }}>
          <Table.Column<FieldChange> dataIndex="field" title={t("audit.diff.field")} render={(field: string) => <Typography.Text code>{field}</Typography.Text>} />
          <Table.Column<FieldChange> dataIndex="before" title={t("audit.diff.before")} render={(value: unknown) => <Json value={value} />} />
          <Table.Column<FieldChange> key="arrow" width={32} render={() => <ArrowRightOutlined />} />
          <Table.Column<FieldChange> dataIndex="after" title={t("audit.diff.after")} render={(value: unknown) => <Json value={value} />} />
        </Table>
      )}
      <BeforeAfter entry={entry} />
      {(entry.requestId || entry.ip) && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {[entry.requestId && `${t("audit.fields.requestId")}: ${entry.requestId}`, entry.ip && `${t("audit.fields.ip")}: ${entry.ip}`].filter(Boolean).join(" · ")}
        </Typography.Paragraph>
      )}
    </div>
  );
}
