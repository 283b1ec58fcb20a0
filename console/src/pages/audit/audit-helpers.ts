export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Top-level fields whose value differs between before and after, in a stable order. */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return fields
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, before: b[field], after: a[field] }));
}

type T = (key: string, options?: Record<string, unknown>) => string;

/** An action code (`alert.create`) as the UI language says it; an action nobody labelled yet shows as it is. */
export function actionLabel(action: string, t: T): string {
  const label = t(`audit.actions.${action}`, { defaultValue: action });
  return typeof label === "string" ? label : action;
}

/** An entity code (`alert_rule`) as the UI language says it. */
export function entityLabel(entity: string, t: T): string {
  return t(`audit.entities.${entity}`, { defaultValue: entity });
}
