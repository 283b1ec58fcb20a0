import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, SyncOutlined } from "@ant-design/icons";
import { Progress, Tag } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { JobRun, JobState } from "../../api/types";

const LOOK: Record<string, { color: string; icon: ReactNode }> = {
  waiting: { color: "default", icon: <ClockCircleOutlined /> },
  active: { color: "processing", icon: <SyncOutlined spin /> },
  completed: { color: "success", icon: <CheckCircleOutlined /> },
  failed: { color: "error", icon: <CloseCircleOutlined /> },
};

export function JobStateTag({ state }: { state: JobState }) {
  const { t } = useTranslation();
  const look = LOOK[state] ?? { color: "default", icon: null };
  return (
    <Tag color={look.color} icon={look.icon}>
      {t(`jobs.states.${state}`, { defaultValue: state })}
    </Tag>
  );
}

export function JobProgress({ run }: { run: Pick<JobRun, "state" | "progress"> }) {
  const status = run.state === "failed" ? "exception" : run.state === "completed" ? "success" : run.state === "active" ? "active" : "normal";
  const percent = run.state === "completed" ? 100 : Math.max(0, Math.min(100, Math.round(run.progress ?? 0)));
  return <Progress percent={percent} status={status} size="small" style={{ minWidth: 120, margin: 0 }} />;
}
