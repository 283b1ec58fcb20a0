import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import { Flex, theme, Tooltip, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Direction, SeriesResult } from "../../api/types";
import { Chart } from "../../components/charts/chart";
import { formatValue } from "../../components/charts/format-value";
import { sparklineOption } from "../metrics/chart-options";
import { changeText } from "./kpi-change";
import { changeTone } from "./kpi-direction";

interface Props {
  result: SeriesResult;
  good: Direction;
  sparkline: boolean;
  delta: boolean;
  height: number;
}

/** A KPI card's body: the period's value, its change against the previous period, and a sparkline. */
export function KpiTile({ result, good, sparkline, delta, height }: Props) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const { value, previous, change } = result.total;
  const described = changeText(result, t, i18n.language);
  const tone = described.comparable ? changeTone(change, good) : "flat";
  const color = tone === "good" ? token.colorSuccess : tone === "bad" ? token.colorError : token.colorTextSecondary;
  const option = useMemo(() => sparklineOption(result, token.colorPrimary), [result, token.colorPrimary]);
  const format = (v: number | null, compact: boolean) => formatValue(v, result.unit, i18n.language, { compact, currency: result.currency });
  const chartHeight = Math.max(24, height - 64);

  return (
    <Flex vertical style={{ height }} data-testid="kpi">
      <Tooltip title={format(value, false)}>
        <Typography.Text strong style={{ fontSize: 24, lineHeight: "32px" }} data-testid="kpi-value" data-value={value ?? ""}>
          {format(value, true)}
        </Typography.Text>
      </Tooltip>
      {delta && (
        <Tooltip title={t("dashboards.previous", { value: format(previous, false) })}>
          <Typography.Text
            style={{ color, fontSize: 13, whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }}
            data-testid="kpi-delta"
            data-tone={tone}
            data-previous-data={result.total.previousData}
          >
            {tone !== "flat" && change !== null && (change > 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />)} {described.text}
            {described.comparable && (
              <>
                {" "}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("dashboards.vsPrevious")}
                </Typography.Text>
              </>
            )}
          </Typography.Text>
        </Tooltip>
      )}
      {sparkline && (result.series[0]?.points.length ?? 0) > 1 && (
        <div style={{ marginTop: "auto" }}>
          <Chart option={option} height={chartHeight} />
        </div>
      )}
    </Flex>
  );
}
