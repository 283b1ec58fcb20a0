import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { KeyKind } from "../../api/types";

const COLOR: Record<KeyKind, string> = { ingest: "blue", sdk: "purple" };

export function KeyKindTag({ kind }: { kind: KeyKind }) {
  const { t } = useTranslation();
  return <Tag color={COLOR[kind]}>{t(`keys.kinds.${kind}`)}</Tag>;
}
