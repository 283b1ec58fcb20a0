import type { SeriesResult } from "../../api/types";
import { echarts } from "../../components/charts/echarts";
import { sparklineOption } from "../metrics/chart-options";

export interface KpiPicture {
  label: string;
  value: string;
  delta: string;
  colors: { background: string; text: string; secondary: string; delta: string; line: string };
  dark: boolean;
}

/**
 * A KPI card as a PNG. The card is HTML, and the console has no HTML-to-image library, so the same
 * card is drawn once more in an offscreen ECharts instance (text as graphics, the sparkline as a
 * line) and exported from there.
 */
export function kpiPng(result: SeriesResult, picture: KpiPicture): string {
  const width = 360;
  const height = 180;
  const host = document.createElement("div");
  host.style.cssText = `position:fixed;left:-10000px;top:0;width:${width}px;height:${height}px`;
  document.body.appendChild(host);
  const chart = echarts.init(host, picture.dark ? "dark" : undefined, { renderer: "canvas", width, height });
  try {
    const spark = sparklineOption(result, picture.colors.line) as Record<string, unknown>;
    chart.setOption({
      ...spark,
      animation: false,
      backgroundColor: picture.colors.background,
      grid: { left: 16, right: 16, top: 112, bottom: 12 },
      graphic: [
        { type: "text", left: 16, top: 14, style: { text: picture.label, fontSize: 14, fill: picture.colors.secondary } },
        { type: "text", left: 16, top: 38, style: { text: picture.value, fontSize: 30, fontWeight: "bold", fill: picture.colors.text } },
        { type: "text", left: 16, top: 82, style: { text: picture.delta, fontSize: 13, fill: picture.colors.delta } },
      ],
    });
    return chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: picture.colors.background });
  } finally {
    chart.dispose();
    host.remove();
  }
}
