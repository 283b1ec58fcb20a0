import type { TFunction } from "i18next";
import type { Dimension } from "../../api/types";

const regions = new Map<string, Intl.DisplayNames>();

function regionName(code: string, language: string): string | undefined {
  let names = regions.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language], { type: "region", fallback: "none" });
    regions.set(language, names);
  }
  try {
    return /^[A-Z]{2}$/.test(code) ? names.of(code) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A filter or group value as people read it: countries by name (Intl), channels, devices and
 * tiers from the locale files (`metrics.values.<dimension>.<code>`); a code without a label
 * (a partner id, a plan added later) shows as it is.
 */
export function valueLabel(dimension: Dimension | undefined, value: string, t: TFunction, language: string): string {
  if (value === "(none)") return t("metrics.values.none");
  if (!dimension || dimension === "partner") return value;
  if (dimension === "country") return regionName(value, language) ?? value;
  return t(`metrics.values.${dimension}.${value}`, { defaultValue: value });
}
