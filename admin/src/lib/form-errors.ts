// The server's per-field problems shown on the form's own fields; what the operator typed stays.
import type { FormInstance } from 'antd';
import { fieldErrors } from '../api/errors';

export function showFieldErrors<T>(form: FormInstance<T>, err: unknown): void {
  const fields = fieldErrors(err);
  if (fields.length) form.setFields(fields as unknown as Parameters<FormInstance<T>['setFields']>[0]);
}

/**
 * The field paths an antd `onValuesChange` reports as changed: `{ prizes: [, { weight: 3 }] }` →
 * `[['prizes', 1, 'weight']]`. Values that are not plain objects or arrays (dates, strings) are leaves.
 */
export function changedPaths(changed: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const plain = (v: unknown) =>
    Array.isArray(v) || (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype);
  if (!plain(changed)) return prefix.length ? [prefix] : [];
  const out: (string | number)[][] = [];
  const entries = Array.isArray(changed)
    ? changed.map((v, i) => [i, v] as const).filter(([, v]) => v !== undefined)
    : Object.entries(changed as Record<string, unknown>);
  for (const [k, v] of entries) out.push(...changedPaths(v, [...prefix, k]));
  return out.length || !prefix.length ? out : [prefix];
}

/** Clears the errors of the fields just changed: a problem placed on a field goes once it is edited. */
export function clearChangedErrors<T>(form: FormInstance<T>, changed: unknown): void {
  const stale = changedPaths(changed).filter((name) => form.getFieldError(name as never).length > 0);
  if (stale.length)
    form.setFields(stale.map((name) => ({ name, errors: [] })) as unknown as Parameters<FormInstance<T>['setFields']>[0]);
}
