// Small checks shared by the rule registries' `validateArgs` (check-in rewards, expiry policies,
// earning rules): a problem is one string `<field>: <reason>`, the field relative to the args, so
// a caller prefixes where the args sit in its document (`rewards[2].args.`, `expiry.` …).
export type Args = Record<string, unknown>;

export const isArgsObject = (v: unknown): v is Args => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isCount = (v: unknown, min: number, max: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

/** `<at><key>: unknown field` for every key of `obj` not in `allowed`. */
export function unknownArgKeys(obj: Args, allowed: readonly string[], at = ''): string[] {
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${at}${k}: unknown field`);
}

/** `field: reason` → `{ field: prefix + field, reason }` (a problem with no field names the args themselves). */
export function splitProblem(problem: string, prefix: string): { field: string; reason: string } {
  const i = problem.indexOf(': ');
  if (i < 0) return { field: prefix.replace(/\.$/, ''), reason: problem };
  return { field: `${prefix}${problem.slice(0, i)}`, reason: problem.slice(i + 2) };
}
