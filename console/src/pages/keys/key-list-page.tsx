import { PlusOutlined, StopOutlined } from "@ant-design/icons";
import { List, getDefaultSortOrder, useTable } from "@refinedev/antd";
import { CanAccess, useDelete, type HttpError } from "@refinedev/core";
import { Button, Popconfirm, Select, Space, Switch, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiKey, KeyKind } from "../../api/types";
import { DateTime, formatDateTime } from "../../components/formatted";
import { KeyCreateModal } from "./key-create-modal";
import { KeyKindTag } from "./key-kind-tag";
import { KEY_KINDS, relativeTime } from "./key-helpers";

/** Settings → Ingest keys: admins create keys (shown once) and revoke them; revoked keys stay listed. */
export function KeyListPage() {
  const { t, i18n } = useTranslation();
  const [creating, setCreating] = useState(false);
  const { tableProps, sorters, filters, setFilters } = useTable<ApiKey, HttpError>({
    resource: "keys",
    syncWithLocation: true,
    sorters: { initial: [{ field: "createdAt", order: "desc" }] },
  });
  const { mutate: revoke, mutation: revokeMutation } = useDelete<ApiKey>();
  const sortable = (field: keyof ApiKey) => ({ sorter: true, defaultSortOrder: getDefaultSortOrder(field, sorters) });
  const filterValue = (field: string) => filters.find((f) => "field" in f && f.field === field)?.value as string | undefined;
  const setFilter = (field: string, value: string | undefined) => setFilters([{ field, operator: "eq", value }], "merge");

  return (
    <List
      title={t("keys.title")}
      headerButtons={
        <CanAccess resource="keys" action="create">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-key">
            {t("keys.create")}
          </Button>
        </CanAccess>
      }
    >
      <Typography.Paragraph type="secondary">{t("keys.intro")}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }} size="large">
        <Select<KeyKind>
          allowClear
          placeholder={t("keys.allKinds")}
          style={{ width: 160 }}
          value={filterValue("kind") as KeyKind | undefined}
          onChange={(value) => setFilter("kind", value)}
          options={KEY_KINDS.map((kind) => ({ value: kind, label: t(`keys.kinds.${kind}`) }))}
          aria-label={t("keys.fields.kind")}
        />
        <Space>
          <Switch
            size="small"
            checked={filterValue("revoked") !== "false"}
            onChange={(show) => setFilter("revoked", show ? undefined : "false")}
            aria-label={t("keys.showRevoked")}
          />
          {t("keys.showRevoked")}
        </Space>
      </Space>
      <Table<ApiKey> {...tableProps} rowKey="id" size="middle" scroll={{ x: true }}>
        <Table.Column<ApiKey> dataIndex="name" title={t("keys.fields.name")} {...sortable("name")} />
        <Table.Column<ApiKey> dataIndex="kind" title={t("keys.fields.kind")} render={(kind: KeyKind) => <KeyKindTag kind={kind} />} />
        <Table.Column<ApiKey>
          dataIndex="prefix"
          title={t("keys.fields.prefix")}
          render={(prefix: string) => <Typography.Text code style={{ fontFamily: "monospace", whiteSpace: "nowrap" }}>{`${prefix}…`}</Typography.Text>}
        />
        <Table.Column<ApiKey>
          dataIndex="createdBy"
          title={t("keys.fields.createdBy")}
          render={(email: string | null) => email ?? <Typography.Text type="secondary">—</Typography.Text>}
        />
        <Table.Column<ApiKey> dataIndex="createdAt" title={t("keys.fields.createdAt")} {...sortable("createdAt")} render={(v: string) => <DateTime value={v} />} />
        <Table.Column<ApiKey>
          dataIndex="lastUsedAt"
          title={t("keys.fields.lastUsedAt")}
          {...sortable("lastUsedAt")}
          render={(v: string | null) =>
            v ? (
              <Tooltip title={formatDateTime(v, i18n.language)}>
                <time dateTime={v}>{relativeTime(v, i18n.language)}</time>
              </Tooltip>
            ) : (
              <Typography.Text type="secondary">{t("keys.never")}</Typography.Text>
            )
          }
        />
        <Table.Column<ApiKey>
          key="status"
          title={t("keys.fields.status")}
          render={(_, key) =>
            key.revokedAt ? (
              <Space size={4} wrap>
                <Tag color="default" data-testid="key-status">
                  {t("keys.status.revoked")}
                </Tag>
                <Typography.Text type="secondary">
                  <DateTime value={key.revokedAt} />
                </Typography.Text>
              </Space>
            ) : (
              <Tag color="success" data-testid="key-status">
                {t("keys.status.active")}
              </Tag>
            )
          }
        />
        <Table.Column<ApiKey>
          key="actions"
          title={t("table.actions")}
          fixed="right"
          render={(_, key) =>
            key.revokedAt ? null : (
              <CanAccess resource="keys" action="delete">
                <Popconfirm
                  title={t("keys.revokeConfirm", { name: key.name })}
                  okText={t("keys.revoke")}
                  okButtonProps={{ danger: true, loading: revokeMutation.isPending }}
                  cancelText={t("buttons.cancel")}
                  onConfirm={() =>
                    revoke({
                      resource: "keys",
                      id: key.id,
                      mutationMode: "pessimistic",
                      successNotification: { type: "success", message: t("keys.revokedNotice", { name: key.name }) },
                    })
                  }
                >
                  <Button size="small" danger icon={<StopOutlined />}>
                    {t("keys.revoke")}
                  </Button>
                </Popconfirm>
              </CanAccess>
            )
          }
        />
      </Table>
      <KeyCreateModal open={creating} onClose={() => setCreating(false)} />
    </List>
  );
}
