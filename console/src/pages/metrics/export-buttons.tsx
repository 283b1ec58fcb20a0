import { DownloadOutlined, FileImageOutlined } from "@ant-design/icons";
import { Button, Space, theme } from "antd";
import type { RefObject } from "react";
import { useTranslation } from "react-i18next";
import type { MetricResult } from "../../api/types";
import type { ChartHandle } from "../../components/charts/chart";
import { downloadCsv, downloadUrl, fileName } from "../../components/charts/download";
import type { OptionContext } from "./chart-options";
import { resultRows } from "./result-csv";

interface Props {
  results: MetricResult[];
  ctx: OptionContext;
  chart: RefObject<ChartHandle | null>;
  /** parts of the file name */
  stem: (string | undefined)[];
}

/** CSV of the numbers shown, PNG of the chart (where there is one). */
export function ExportButtons({ results, ctx, chart, stem }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const png = () => {
    const url = chart.current?.instance()?.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: token.colorBgContainer });
    if (url) downloadUrl(fileName(stem, "png"), url);
  };
  const empty = results.length === 0;
  return (
    <Space size="small">
      <Button size="small" icon={<DownloadOutlined />} disabled={empty} onClick={() => downloadCsv(fileName(stem, "csv"), resultRows(results, ctx))} data-testid="export-csv">
        {t("metrics.csv")}
      </Button>
      {results[0]?.kind !== "table" && (
        <Button size="small" icon={<FileImageOutlined />} disabled={empty} onClick={png} data-testid="export-png">
          {t("metrics.png")}
        </Button>
      )}
    </Space>
  );
}
