// The shared rules of stored value and paid membership name their problems per field
// (`{ amount: '¥1 to ¥50000, in fen' }`), and the server answers 422 INVALID_PLAN with the same
// problems as `details: [{ field, problem }]`. These put them, worded in Chinese for the
// operator, onto the form's own fields (a rule's `amount` is the form's `amountYuan`); a problem of
// no field the form shows stays general, above the buttons.
import type { FormInstance } from 'antd';
import { isApiError } from '../../api/errors';

export interface FieldProblems {
  fields: { name: string[]; errors: string[] }[];
  general: string[];
}

/** How one rule field reads on the form: its form field (null: none) and its Chinese problem. */
export type ProblemWording = Record<string, { field: string | null; message: string }>;

export function toFieldProblems(problems: Record<string, string>, wording: ProblemWording): FieldProblems {
  const fields: FieldProblems['fields'] = [];
  const general: string[] = [];
  for (const [ruleField, problem] of Object.entries(problems)) {
    const w = wording[ruleField];
    const message = w?.message ?? `${ruleField}: ${problem}`;
    if (w?.field) fields.push({ name: [w.field], errors: [message] });
    else general.push(message);
  }
  return { fields, general };
}

/** The per-field problems of a 422 INVALID_PLAN (or a 400's validation details), as the rule names them. */
export function serverProblems(err: unknown): Record<string, string> {
  if (!isApiError(err) || !Array.isArray(err.details)) return {};
  const out: Record<string, string> = {};
  for (const d of err.details) {
    const o = (d && typeof d === 'object' ? d : {}) as { field?: unknown; problem?: unknown; messages?: unknown };
    if (typeof o.field !== 'string') continue;
    if (typeof o.problem === 'string') out[o.field] = o.problem;
    else if (Array.isArray(o.messages)) out[o.field] = o.messages.map(String).join('; ');
  }
  return out;
}

/** Puts the problems on the form's fields (the typed values stay). */
export function setFieldProblems<T>(form: FormInstance<T>, found: Pick<FieldProblems, 'fields'>): void {
  form.setFields(found.fields as unknown as Parameters<FormInstance<T>['setFields']>[0]);
}
