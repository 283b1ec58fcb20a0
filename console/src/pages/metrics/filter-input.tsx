import { useCustom } from "@refinedev/core";
import { AutoComplete, Flex, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Dimension, DimensionValues } from "../../api/types";
import { valueLabel } from "./dimension-labels";

/** How long typing pauses before the values containing it are asked for. */
const DEBOUNCE_MS = 250;

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The value of `options` that `text` names, by its code or its label, in any case. */
export function matchValue(text: string, options: { value: string; label: string }[]): string | undefined {
  const want = text.trim().toLowerCase();
  return options.find((o) => o.value.toLowerCase() === want)?.value ?? options.find((o) => o.label.toLowerCase() === want)?.value;
}

interface Props {
  dimension: Dimension;
  value: string;
  onCommit: (value: string) => void;
}

/**
 * A filter that suggests the values the data has (`GET /api/dimensions/:dimension/values`), takes a
 * value in any case or by its label, and applies when a value is picked, Enter is pressed or the
 * field is left. A value nobody has is not applied: the field says "no match" instead of every
 * number on the page turning to 0.
 */
export function FilterInput({ dimension, value, onCommit }: Props) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<string | undefined>();
  const [noMatch, setNoMatch] = useState<string | undefined>();
  const text = draft ?? value;
  const search = useDebounced(draft ?? "", DEBOUNCE_MS).trim();
  const { result, query } = useCustom<DimensionValues>({
    url: `/api/dimensions/${dimension}/values`,
    method: "get",
    config: { query: search ? { q: search, limit: 50 } : { limit: 50 } },
    errorNotification: false,
    queryOptions: { staleTime: 60_000, placeholderData: (previous) => previous },
  });
  const values = result.data && "values" in result.data ? (result.data as DimensionValues).values : [];
  const options = values.map((v) => ({ value: v.value, label: valueLabel(dimension, v.value, t, i18n.language) }));
  const shown = options.filter((o) => !text || o.value.toLowerCase().includes(text.trim().toLowerCase()) || o.label.toLowerCase().includes(text.trim().toLowerCase()));
  // the answer for what is typed now (not an earlier search still on screen)
  const settled = !query.isFetching && search === (draft ?? "").trim();

  const commit = (next: string) => {
    const typed = next.trim();
    if (!typed) {
      setDraft(undefined);
      setNoMatch(undefined);
      onCommit("");
      return;
    }
    const known = matchValue(typed, options);
    if (known === undefined && settled && !query.isError) {
      // keep what was typed, so it can be corrected
      setDraft(next);
      setNoMatch(typed);
      return;
    }
    setDraft(undefined);
    setNoMatch(undefined);
    // not answered yet: the api takes the data's spelling itself
    onCommit(known ?? typed);
  };

  return (
    // the message sits under the field: a Tooltip around it kept the field's first event handlers, so a
    // later commit saw the filters of before
    <Flex vertical style={{ position: "relative" }}>
      <AutoComplete
        aria-label={t(`metrics.dimensions.${dimension}`)}
        data-testid={`filter-${dimension}`}
        data-no-match={noMatch !== undefined ? "true" : undefined}
        placeholder={t(`metrics.dimensions.${dimension}`)}
        value={text}
        status={noMatch !== undefined ? "error" : undefined}
        options={shown.map((o) => ({ value: o.value, label: o.label === o.value ? o.value : `${o.label} (${o.value})` }))}
        notFoundContent={text && settled ? t("metrics.filter.noMatchShort") : undefined}
        onChange={(next) => {
          setDraft(next);
          setNoMatch(undefined);
        }}
        onSelect={(next) => commit(next)}
        onBlur={() => draft !== undefined && commit(draft)}
        // Enter on a highlighted suggestion selects it (onSelect); otherwise it applies what is typed
        onInputKeyDown={(event) => event.key === "Enter" && (matchValue(text, options) !== undefined || shown.length === 0) && commit(text)}
        onClear={() => commit("")}
        allowClear
        popupMatchSelectWidth={220}
        style={{ width: 140 }}
      />
      {noMatch !== undefined && (
        <Typography.Text
          type="danger"
          role="alert"
          title={t("metrics.filter.noMatch", { value: noMatch })}
          data-testid={`filter-${dimension}-no-match`}
          style={{ position: "absolute", top: "100%", left: 0, zIndex: 2, fontSize: 12, whiteSpace: "nowrap" }}
        >
          {t("metrics.filter.noMatchShort")}
        </Typography.Text>
      )}
    </Flex>
  );
}
