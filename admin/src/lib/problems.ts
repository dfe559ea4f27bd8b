// The shared rules report problems as `path: reason` lines (`rewards[0].args.points: must be …`),
// and the server sends the same lines in `details`. These put them onto antd form fields; lines
// naming no field (or a field the form does not have) stay general, shown above the buttons.
import { errorDetails, fieldPath } from '../api/errors';

export interface FormProblems {
  fields: { name: (string | number)[]; errors: string[] }[];
  general: string[];
}

/**
 * Group `path: reason` lines by field. `rename` maps a rule's path to the form's field name (e.g.
 * `minOrderFen` typed in yuan), or null for a path the form does not show (the line goes general).
 */
export function problemFields(
  lines: readonly string[],
  rename: (path: (string | number)[]) => (string | number)[] | null = (p) => p,
): FormProblems {
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const general: string[] = [];
  for (const line of lines) {
    const i = line.indexOf(': ');
    const name = i > 0 ? rename(fieldPath(line.slice(0, i))) : null;
    if (!name || name.length === 0) {
      general.push(line);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(line.slice(i + 2));
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], general };
}

/** The problem lines of a failed request (the server's `details`), for problemFields. */
export function problemLines(err: unknown): string[] {
  return errorDetails(err);
}
