import { BarChart, FunnelChart, HeatmapChart, LineChart, PieChart } from "echarts/charts";
import { DatasetComponent, GraphicComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

// Only what the console draws, so the chart chunk stays small (echarts' full build is ~1 MB).
echarts.use([
  LineChart,
  BarChart,
  PieChart,
  FunnelChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  DatasetComponent,
  GraphicComponent,
  CanvasRenderer,
]);

export { echarts };
export type EChartsInstance = ReturnType<typeof echarts.init>;
export type { EChartsCoreOption as ChartOption } from "echarts/core";

/** People who ask their system for less motion get charts that appear at once (screenshots and browser tests ask too). */
export function chartAnimation(): boolean {
  return !window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
}
