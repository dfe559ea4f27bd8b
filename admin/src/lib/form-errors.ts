// The server's per-field problems shown on the form's own fields; what the operator typed stays.
import type { FormInstance } from 'antd';
import { fieldErrors } from '../api/errors';

export function showFieldErrors<T>(form: FormInstance<T>, err: unknown): void {
  const fields = fieldErrors(err);
  if (fields.length) form.setFields(fields as unknown as Parameters<FormInstance<T>['setFields']>[0]);
}
