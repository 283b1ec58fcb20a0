import { AutoComplete, DatePicker, Flex, Segmented, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Dimension, Grain } from "../../api/types";
import { GRAINS } from "./metric-helpers";
import { customRange, fitGrain, PRESETS, viewRange, type ViewState } from "./view-params";

export interface ViewToolbarProps {
  view: ViewState;
  onChange: (view: ViewState) => void;
  /** the filters this page offers, in order */
  dimensions: readonly Dimension[];
  /** values seen in the data, offered as suggestions; any other value can be typed */
  suggestions?: Partial<Record<Dimension, string[]>>;
  grains?: readonly Grain[];
  children?: ReactNode;
}

/** Date preset or custom range, grain and filters: everything that is kept in the URL. */
export function ViewToolbar({ view, onChange, dimensions, suggestions = {}, grains = GRAINS, children }: ViewToolbarProps) {
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
  const [draft, setDraft] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const setRange = (start: Dayjs | null | undefined, end: Dayjs | null | undefined) => {
    setDraft(null);
    const range = customRange(start, end);
    if (!range) return;
    if (view.preset === "custom" && range.from === view.from && range.to === view.to) return;
    const next: ViewState = { ...view, preset: "custom", ...range };
    onChange({ ...next, grain: allowed(fitGrain(next), grains, view.grain) });
  };
  const setFilter = (dimension: Dimension, value: string) => {
    const filters = { ...view.filters };
    if (value.trim()) filters[dimension] = value.trim();
    else delete filters[dimension];
    if ((filters[dimension] ?? "") !== (view.filters[dimension] ?? "")) onChange({ ...view, filters });
  };

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
        onCalendarChange={(range) => setDraft((range as [Dayjs | null, Dayjs | null] | null) ?? null)}
        onChange={(range) => setRange(range?.[0], range?.[1])}
        // closing with both ends set (Enter in the end field, or a click elsewhere) applies them
        onOpenChange={(open) => !open && draft && setRange(draft[0], draft[1])}
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
        <FilterInput key={dimension} dimension={dimension} value={view.filters[dimension] ?? ""} options={suggestions[dimension] ?? []} onCommit={(v) => setFilter(dimension, v)} />
      ))}
      {children}
    </Flex>
  );
}

function allowed(grain: Grain, grains: readonly Grain[], fallback: Grain): Grain {
  return grains.includes(grain) ? grain : grains.includes(fallback) ? fallback : (grains[0] ?? grain);
}

/** A filter that applies when a value is picked, Enter is pressed or the field is left, not on every key. */
function FilterInput({ dimension, value, options, onCommit }: { dimension: Dimension; value: string; options: string[]; onCommit: (value: string) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | undefined>();
  const text = draft ?? value;
  const commit = (next: string) => {
    setDraft(undefined);
    onCommit(next);
  };
  return (
    <AutoComplete
      aria-label={t(`metrics.dimensions.${dimension}`)}
      data-testid={`filter-${dimension}`}
      placeholder={t(`metrics.dimensions.${dimension}`)}
      value={text}
      options={options.filter((o) => o.toLowerCase().includes(text.toLowerCase())).map((o) => ({ value: o }))}
      onChange={(next) => setDraft(next)}
      onSelect={(next) => commit(next)}
      onBlur={() => draft !== undefined && commit(draft)}
      onInputKeyDown={(event) => event.key === "Enter" && commit(text)}
      onClear={() => commit("")}
      allowClear
      style={{ width: 140 }}
    />
  );
}
