import { members, type Dimension, type Grain, type Localized } from "../../api/types";

export const GRAINS = members<Grain>()(["hour", "day", "week", "month"]);
export const DIMENSIONS = members<Dimension>()(["country", "channel", "device", "tier", "partner"]);

/** `Localized` text in the UI language, English when a translation is missing. */
export function localized(text: Localized | string | undefined, language: string): string {
  if (text === undefined) return "";
  if (typeof text === "string") return text;
  return (language === "zh-CN" ? text["zh-CN"] : text.en) || text.en;
}
