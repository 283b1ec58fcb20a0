import { useList } from "@refinedev/core";
import { List } from "@refinedev/antd";
import { Badge, Table, Tooltip, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { JobRun } from "../../api/types";
import { DateTime, formatDuration } from "../../components/formatted";
import { useSession } from "../../components/use-session";
import { JobProgress, JobStateTag } from "./job-state-tag";
import { jobLabel, mergeJobRuns, queueLabel, type JobRow } from "./job-helpers";
import { RunJobPanel } from "./run-job-panel";
import { useJobStream, type StreamStatus } from "./use-job-stream";

const PAGE_SIZE = 50;
const STREAM_BADGE: Record<StreamStatus, "success" | "processing" | "warning"> = { open: "success", connecting: "processing", reconnecting: "warning" };

export function JobListPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { result, query } = useList<JobRun>({
    resource: "jobs",
    pagination: { currentPage: 1, pageSize: PAGE_SIZE },
    sorters: [{ field: "createdAt", order: "desc" }],
  });
  const { updates, status } = useJobStream();
  const rows = useMemo(() => mergeJobRuns(result.data, updates), [result.data, updates]);

  const duration = (run: JobRow) => {
    if (!run.startedAt) return "—";
    const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
    return formatDuration(Math.max(0, end - Date.parse(run.startedAt)), i18n.language);
  };

  return (
    <List
      title={t("jobs.title")}
      headerButtons={<Badge status={STREAM_BADGE[status]} text={t(`jobs.stream.${status}`)} data-testid="job-stream-status" />}
    >
      {can("jobs:run") && <RunJobPanel onQueued={() => void query.refetch()} />}
      <Table<JobRow> dataSource={rows} rowKey="id" loading={query.isLoading} size="middle" pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: true }}>
        <Table.Column<JobRow> dataIndex="queue" title={t("jobs.fields.queue")} render={(queue: string) => queueLabel(queue, t)} />
        <Table.Column<JobRow>
          dataIndex="name"
          title={t("jobs.fields.name")}
          render={(_, run) => (
            <Tooltip title={`${run.queue}/${run.name}`}>
              <span data-testid="job-run-name">{jobLabel(run, t)}</span>
            </Tooltip>
          )}
        />
        <Table.Column<JobRow>
          dataIndex="businessKey"
          title={t("jobs.fields.businessKey")}
          render={(_, run) => <Typography.Text code>{run.businessKey ?? run.jobId}</Typography.Text>}
        />
        <Table.Column<JobRow> dataIndex="state" title={t("jobs.fields.state")} render={(_, run) => <JobStateTag state={run.state} />} />
        <Table.Column<JobRow> key="progress" title={t("jobs.fields.progress")} render={(_, run) => <JobProgress run={run} />} />
        <Table.Column<JobRow> dataIndex="startedAt" title={t("jobs.fields.startedAt")} render={(value: string | null) => <DateTime value={value} />} />
        <Table.Column<JobRow> key="duration" title={t("jobs.fields.duration")} render={(_, run) => duration(run)} />
        <Table.Column<JobRow>
          dataIndex="error"
          title={t("jobs.fields.error")}
          render={(error: string | null) =>
            error ? (
              <Tooltip title={error}>
                <Typography.Text type="danger" ellipsis style={{ maxWidth: 280 }}>
                  {error}
                </Typography.Text>
              </Tooltip>
            ) : null
          }
        />
      </Table>
    </List>
  );
}
