import { DatePicker, Flex, Segmented, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Dimension, Grain } from "../../api/types";
import { FilterInput } from "./filter-input";
import { GRAINS } from "./metric-helpers";
import { customRange, fitGrain, PRESETS, viewRange, type ViewState } from "./view-params";

export interface ViewToolbarProps {
  view: ViewState;
  onChange: (view: ViewState) => void;
  /** the filters this page offers, in order */
  dimensions: readonly Dimension[];
  grains?: readonly Grain[];
  /**
   * Sets one filter on the view in the address bar: antd's select calls a field's blur handler from
   * the render it was focused in, so a commit on blur did not see the filter another field had just
   * applied, and dropped it.
   */
  onFilter: (dimension: Dimension, value: string | undefined) => void;
  children?: ReactNode;
}

/** Date preset or custom range, grain and filters: everything that is kept in the URL. */
export function ViewToolbar({ view, onChange, onFilter, dimensions, grains = GRAINS, children }: ViewToolbarProps) {
  const { t } = useTranslation();
  const { from, to } = viewRange(view);
  const setPreset = (preset: ViewState["preset"]) => {
    if (preset === "custom") {
      onChange({ ...view, preset, from: from.format("YYYY-MM-DD"), to: to.subtract(1, "day").format("YYYY-MM-DD") });
      return;
    }
    const next: ViewState = { ...view, preset, from: undefined, to: undefined };
    onChange({ ...next, grain: allowed(fitGrain(next), grains, view.grain) });
  };
  // The ends as typed or picked so far: the picker is controlled, and handing it the old range
  // while one end was being typed threw the typed end away.
  // An applied range stays the picker's value until the URL has it, so the picker never sees the
  // old range again (handed back while it still had focus, it re-emitted it and undid the change).
  const [draft, setDraft] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const open = useRef(false);
  useEffect(() => setDraft(null), [view.preset, view.from, view.to]);
  const setRange = (start: Dayjs | null | undefined, end: Dayjs | null | undefined) => {
    const range = customRange(start, end);
    if (!range) return setDraft(null);
    if (view.preset === "custom" && range.from === view.from && range.to === view.to) return setDraft(null);
    setDraft([dayjs(range.from), dayjs(range.to)]);
    const next: ViewState = { ...view, preset: "custom", ...range };
    onChange({ ...next, grain: allowed(fitGrain(next), grains, view.grain) });
  };
  const setFilter = (dimension: Dimension, value: string) => onFilter(dimension, value.trim() || undefined);

  return (
    <Flex wrap gap={8} align="center" data-testid="view-toolbar">
      <Select<ViewState["preset"]>
        aria-label={t("metrics.view.preset")}
        data-testid="preset-select"
        value={view.preset}
        onChange={setPreset}
        style={{ width: 170 }}
        options={[...PRESETS, "custom" as const].map((p) => ({ value: p, label: t(`metrics.presets.${p}`) }))}
      />
      <DatePicker.RangePicker
        aria-label={t("metrics.view.range")}
        data-testid="range-picker"
        value={draft ?? [from, to.subtract(1, "day")]}
        // only what is typed or picked while the picker is open is a draft
        onCalendarChange={(range) => open.current && setDraft((range as [Dayjs | null, Dayjs | null] | null) ?? null)}
        onChange={(range) => setRange(range?.[0], range?.[1])}
        // closing with both ends set (Enter in the end field, or a click elsewhere) applies them
        onOpenChange={(next) => {
          open.current = next;
          if (!next && draft) setRange(draft[0], draft[1]);
        }}
        allowClear={false}
        disabledDate={(day) => day.isAfter(dayjs().endOf("day"))}
        // ends typed the wrong way round are put in order by customRange; the picker's own swap left the end field stale and collapsed the range
        order={false}
      />
      <Segmented<Grain>
        aria-label={t("metrics.view.grain")}
        data-testid="grain"
        value={view.grain}
        onChange={(grain) => onChange({ ...view, grain })}
        // hourly buckets over weeks are thousands of points per series: not offered
        options={grains.map((g) => ({ value: g, label: t(`metrics.grains.${g}`), disabled: g === "hour" && to.diff(from, "day") > 7 }))}
      />
      {dimensions.map((dimension) => (
        <FilterInput key={dimension} dimension={dimension} value={view.filters[dimension] ?? ""} onCommit={(v) => setFilter(dimension, v)} />
      ))}
      {children}
    </Flex>
  );
}

function allowed(grain: Grain, grains: readonly Grain[], fallback: Grain): Grain {
  return grains.includes(grain) ? grain : grains.includes(fallback) ? fallback : (grains[0] ?? grain);
}
