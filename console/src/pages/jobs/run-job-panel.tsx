import { PlayCircleOutlined } from "@ant-design/icons";
import { useCustom, useCustomMutation } from "@refinedev/core";
import { Button, Card, List, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { JobDefinition, JobStarted } from "../../api/types";
import { jobDescription, jobLabel } from "./job-helpers";

/** "Run now" per known job, for users with `jobs:run`. The new run then appears in the table via the stream. */
export function RunJobPanel({ onQueued }: { onQueued: () => void }) {
  const { t } = useTranslation();
  const [running, setRunning] = useState<string | undefined>();
  const { result, query } = useCustom<JobDefinition[]>({ url: "/api/jobs/definitions", method: "get" });
  const { mutate } = useCustomMutation<JobStarted>();
  const definitions = Array.isArray(result.data) ? (result.data as JobDefinition[]) : [];

  const run = (job: JobDefinition) => {
    const key = `${job.queue}/${job.name}`;
    setRunning(key);
    mutate(
      {
        url: `/api/jobs/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.name)}`,
        method: "post",
        values: {},
        successNotification: (data) => ({
          type: "success",
          message: t("jobs.queued", { name: jobLabel(job, t), jobId: data?.data.jobId ?? "" }),
        }),
        // the error's message is already in the UI language (providers/http.ts)
        errorNotification: (error) => ({ type: "error", message: t("jobs.runFailed", { name: jobLabel(job, t) }), description: error?.message }),
      },
      { onSettled: () => setRunning(undefined), onSuccess: onQueued },
    );
  };

  return (
    <Card title={t("jobs.definitions")} size="small" style={{ marginBottom: 16 }}>
      <List<JobDefinition>
        loading={query.isLoading}
        dataSource={definitions}
        locale={{ emptyText: t("jobs.noDefinitions") }}
        renderItem={(job) => (
          <List.Item
            actions={[
              <Button
                key="run"
                type="primary"
                ghost
                size="small"
                icon={<PlayCircleOutlined />}
                loading={running === `${job.queue}/${job.name}`}
                onClick={() => run(job)}
                aria-label={t("jobs.runNamed", { name: jobLabel(job, t) })}
              >
                {t("jobs.runNow")}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <span data-testid="job-definition-title">
                  {jobLabel(job, t)}{" "}
                  <Typography.Text type="secondary" code>
                    {job.queue}/{job.name}
                  </Typography.Text>
                </span>
              }
              description={<span data-testid="job-definition-description">{jobDescription(job, t)}</span>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
