// Staff password policy. Decisions:
// - Length is what makes a password hard to guess: at least 10 characters (NIST SP 800-63B
//   asks 8; staff accounts reach every member's data, so a little more). At most 128, so a
//   request cannot make scrypt hash megabytes.
// - No composition rules (digits, symbols): they push people to `Password1!` and add little.
// - Refused: a password from the common-password list (COMMON_PASSWORDS, compared
//   case-insensitively, so `QWERTYUIOP` is as weak as `qwertyuiop`), and one containing the
//   account's username (case-insensitively; usernames shorter than 3 characters are not checked,
//   they would refuse too much).
// - Every problem is reported at once, so a form can show them together.
import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_username';

export type PasswordDecision = { ok: true } | { ok: false; code: 'WEAK_PASSWORD'; problems: PasswordProblem[] };

// Built on first use, so a bundle that never checks a password (the mini-program) can drop the list.
let common: Set<string> | undefined;

/** Is `password` in the common-password list (case-insensitively)? */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(COMMON_PASSWORDS);
  return common.has(password.toLowerCase());
}

/** Length counts characters as people see them (code points), not UTF-16 units. */
export function checkPassword(password: string, context: { username?: string } = {}): PasswordDecision {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  if (isCommonPassword(password)) problems.push('common');
  const username = context.username?.toLowerCase();
  if (username && username.length >= 3 && password.toLowerCase().includes(username)) problems.push('contains_username');
  return problems.length === 0 ? { ok: true } : { ok: false, code: 'WEAK_PASSWORD', problems };
}

const PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `shorter than ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `longer than ${PASSWORD_MAX_LENGTH} characters`,
  common: 'a commonly used password',
  contains_username: 'contains the username',
};

/** What a problem means, in words a person can read. */
export function passwordProblemText(problem: PasswordProblem): string {
  return PROBLEM_TEXT[problem];
}

/** One line a person can read, e.g. for a configuration error. */
export function describePasswordProblems(problems: readonly PasswordProblem[]): string {
  return problems.map(passwordProblemText).join('; ');
}
