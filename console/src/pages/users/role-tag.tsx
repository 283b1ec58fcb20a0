import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Role } from "../../api/types";

const COLORS: Record<Role, string> = {
  admin: "red",
  operator: "geekblue",
  marketer: "purple",
  support: "cyan",
  finance: "gold",
  viewer: "default",
  partner: "green",
};

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[role] ?? "default"}>{t(`roles.${role}`)}</Tag>;
}

export function RoleOption({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <span>{t(`roles.${role}`)}</span>;
}
