import { theme } from "antd";

/** The console's mark: a rising line on the primary colour. */
export function AppLogo({ size = 24 }: { size?: number }) {
  const { token } = theme.useToken();
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden>
      <rect width="32" height="32" rx="7" fill={token.colorPrimary} />
      <path d="M8 22l5-7 4 4 7-9" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
