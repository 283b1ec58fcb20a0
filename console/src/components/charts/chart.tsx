import ReactEChartsCore from "echarts-for-react/esm/core";
import { useMemo, useRef, type Ref, useImperativeHandle } from "react";
import { useTranslation } from "react-i18next";
import { usePreferences } from "../../providers/preferences";
import { chartAnimation, echarts, type ChartOption, type EChartsInstance } from "./echarts";

export interface ChartHandle {
  /** the live ECharts instance, for PNG export; undefined before the first render */
  instance(): EChartsInstance | undefined;
}

export interface ChartProps {
  option: ChartOption;
  height: number | string;
  /** a click on a data item: the series' `id` (the metric name, where the option sets it) and the item's name */
  onItemClick?: (item: { seriesId?: string; name?: string }) => void;
  ref?: Ref<ChartHandle>;
  "data-testid"?: string;
}

/** One ECharts chart: the console's theme (light/dark) and language, transparent so cards show through. */
export function Chart({ option, height, onItemClick, ref, ...rest }: ChartProps) {
  const { colorMode } = usePreferences();
  const { i18n } = useTranslation();
  const inner = useRef<ReactEChartsCore>(null);
  useImperativeHandle(ref, () => ({ instance: () => inner.current?.getEchartsInstance() }), []);

  const themed = useMemo(() => ({ backgroundColor: "transparent", animation: chartAnimation(), ...option }), [option]);
  const opts = useMemo(() => ({ locale: i18n.language === "zh-CN" ? "ZH" : "EN", renderer: "canvas" as const }), [i18n.language]);
  const onEvents = useMemo(
    () => (onItemClick ? { click: (event: { seriesId?: string; name?: string }) => onItemClick({ seriesId: event.seriesId, name: event.name }) } : undefined),
    [onItemClick],
  );

  return (
    <ReactEChartsCore
      ref={inner}
      echarts={echarts}
      option={themed}
      theme={colorMode === "dark" ? "dark" : undefined}
      opts={opts}
      notMerge
      lazyUpdate
      onEvents={onEvents}
      style={{ height, width: "100%" }}
      data-testid={rest["data-testid"]}
    />
  );
}
