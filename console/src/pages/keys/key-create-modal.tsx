import { useCreate, type HttpError } from "@refinedev/core";
import { Alert, Button, Form, Input, Modal, Select, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CreatedApiKey, KeyCreateValues } from "../../api/types";
import { KEY_KINDS } from "./key-helpers";

/** The form that makes a key, then the one and only view of it. */
export function KeyCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<KeyCreateValues>();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [showing, setShowing] = useState(false);
  const { mutate, mutation: createMutation } = useCreate<CreatedApiKey, HttpError, KeyCreateValues>({
    resource: "keys",
    // the modal with the key says it better than a toast
    successNotification: false,
  });

  const submit = (values: KeyCreateValues) =>
    mutate(
      { values: { name: values.name.trim(), kind: values.kind } },
      {
        onSuccess: ({ data }) => {
          form.resetFields();
          onClose();
          setCreated(data);
          setShowing(true);
        },
      },
    );

  return (
    <>
      <Modal
        open={open}
        title={t("keys.createTitle")}
        okText={t("buttons.create")}
        cancelText={t("buttons.cancel")}
        okButtonProps={{ loading: createMutation.isPending, htmlType: "submit", form: "key-create" }}
        onCancel={onClose}
        destroyOnHidden
      >
        <Form<KeyCreateValues> id="key-create" form={form} layout="vertical" initialValues={{ kind: "ingest" }} onFinish={submit} preserve={false}>
          <Form.Item
            name="name"
            label={t("keys.fields.name")}
            rules={[{ required: true, whitespace: true, message: t("form.required", { field: t("keys.fields.name") }) }, { max: 120 }]}
          >
            <Input placeholder={t("keys.namePlaceholder")} maxLength={120} autoFocus />
          </Form.Item>
          <Form.Item name="kind" label={t("keys.fields.kind")} rules={[{ required: true }]}>
            <Select
              options={KEY_KINDS.map((kind) => ({
                value: kind,
                label: (
                  <Space>
                    {t(`keys.kinds.${kind}`)}
                    <Typography.Text type="secondary">{t(`keys.kindHelp.${kind}`)}</Typography.Text>
                  </Space>
                ),
              }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={showing}
        title={created ? t("keys.created.title", { name: created.name }) : undefined}
        maskClosable={false}
        onCancel={() => setShowing(false)}
        // once closed, the key leaves the page (and memory) for good
        afterClose={() => setCreated(null)}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setShowing(false)} data-testid="created-key-done">
            {t("keys.created.done")}
          </Button>
        }
        data-testid="created-key-modal"
      >
        {created && (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Alert type="warning" showIcon message={t("keys.created.warning")} />
            <Typography.Paragraph style={{ marginBottom: 0 }}>
              <Typography.Text code copyable style={{ fontFamily: "monospace", wordBreak: "break-all" }} data-testid="created-key">
                {created.key}
              </Typography.Text>
            </Typography.Paragraph>
            <Typography.Text type="secondary">{t("keys.created.hint")}</Typography.Text>
          </Space>
        )}
      </Modal>
    </>
  );
}
