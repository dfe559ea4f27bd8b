// The rotating member code: handing it to the member's phone, and accepting it once at a till.
// Layout and security: shared/src/rules/member-code.ts and docs/member-code.md.
import { Inject, Injectable } from '@nestjs/common';
import {
  MEMBER_CODE_STEP_SECONDS,
  nextMemberCode,
  parseMemberCode,
  verifyMemberCode,
  type MemberCodeResponse,
  type MemberCodeSeedResponse,
} from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { returning } from '../common/sql.js';

/** After this many wrong codes in a row, a member's dynamic code is locked for a while. */
export const CODE_FAILURES_BEFORE_LOCK = 5;
export const CODE_LOCK_MS = 10 * 60_000;
/** Wrong codes one staff account may scan per hour (per server instance). */
export const STAFF_FAILURES_PER_HOUR = 20;

interface CodeRow {
  id: string;
  code_id: string;
  code_secret: Buffer;
  code_last_step: string;
  code_last_counter: number;
  code_locked_until: Date | null;
  status: string;
}

@Injectable()
export class MemberCodeService {
  private readonly staffFailures = new Map<string, number[]>();

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  private async row(where: 'id' | 'code_id', value: string | number): Promise<CodeRow | null> {
    const rows: CodeRow[] = await this.db.query(
      `SELECT id, code_id, code_secret, code_last_step, code_last_counter, code_locked_until, status FROM member WHERE ${where} = $1`,
      [value],
    );
    return rows[0] ?? null;
  }

  private static lastUsed(r: CodeRow) {
    const step = Number(r.code_last_step);
    return step < 0 ? null : { step, counter: r.code_last_counter };
  }

  /** A code that has never been accepted: after a scan the phone gets a fresh one at once. */
  async currentCode(memberId: string, now = new Date()): Promise<MemberCodeResponse> {
    const r = await this.row('id', memberId);
    if (!r) throw DomainError.notFound('member');
    const code = nextMemberCode({ codeId: Number(r.code_id), secret: r.code_secret }, now, MemberCodeService.lastUsed(r));
    return { code: code.code, expiresAt: code.expiresAt.toISOString(), refreshAt: code.refreshAt.toISOString() };
  }

  /** The secret for offline codes on the member's own phone. */
  async seed(memberId: string, now = new Date()): Promise<MemberCodeSeedResponse> {
    const r = await this.row('id', memberId);
    if (!r) throw DomainError.notFound('member');
    return {
      codeId: Number(r.code_id),
      secret: r.code_secret.toString('hex'),
      stepSeconds: MEMBER_CODE_STEP_SECONDS,
      serverTime: now.toISOString(),
    };
  }

  /**
   * Accepts a scanned code once and returns the member id. The (step, counter) of the accepted
   * code is stored with a conditional update, so of two concurrent scans of one code exactly one
   * wins; the other sees MEMBER_CODE_USED.
   */
  async consume(staffId: string, memberCode: string, now = new Date()): Promise<string> {
    this.checkStaffBudget(staffId, now);
    const parsed = parseMemberCode(memberCode);
    const r = parsed ? await this.row('code_id', parsed.codeId) : null;
    if (!parsed || !r || r.status !== 'active') {
      this.recordStaffFailure(staffId, now);
      throw new DomainError('MEMBER_CODE_INVALID', 422, 'not a valid member code');
    }
    if (r.code_locked_until && r.code_locked_until > now) {
      throw new DomainError(
        'RATE_LIMITED',
        429,
        'too many wrong codes for this member; ask them to wait or use the member number',
      );
    }
    const result = verifyMemberCode({ codeId: Number(r.code_id), secret: r.code_secret }, memberCode, now, {
      lastUsed: MemberCodeService.lastUsed(r),
    });
    if (!result.ok) {
      if (result.code === 'MEMBER_CODE_INVALID') {
        this.recordStaffFailure(staffId, now);
        await this.db.query(
          `UPDATE member SET code_failures = code_failures + 1,
                  code_locked_until = CASE WHEN code_failures + 1 >= $2 THEN $3::timestamptz ELSE code_locked_until END
            WHERE id = $1`,
          [r.id, CODE_FAILURES_BEFORE_LOCK, new Date(now.getTime() + CODE_LOCK_MS)],
        );
      }
      const messages = {
        MEMBER_CODE_EXPIRED: 'this member code has expired; ask the member to refresh it',
        MEMBER_CODE_USED: 'this member code was already used; ask the member to refresh it',
        MEMBER_CODE_INVALID: 'not a valid member code',
      } as const;
      throw new DomainError(result.code, 422, messages[result.code]);
    }
    // Each code once: only a (step, counter) after the last accepted one may be stored.
    const won = await returning<{ id: string }>(
      this.db,
      `UPDATE member SET code_last_step = $2, code_last_counter = $3, code_failures = 0, code_locked_until = NULL
        WHERE id = $1 AND (code_last_step < $2 OR (code_last_step = $2 AND code_last_counter < $3))
        RETURNING id`,
      [r.id, result.step, result.counter],
    );
    if (won.length === 0)
      throw new DomainError('MEMBER_CODE_USED', 422, 'this member code was already used; ask the member to refresh it');
    return r.id;
  }

  private checkStaffBudget(staffId: string, now: Date): void {
    const recent = (this.staffFailures.get(staffId) ?? []).filter((t) => t > now.getTime() - 3_600_000);
    this.staffFailures.set(staffId, recent);
    if (recent.length >= STAFF_FAILURES_PER_HOUR) {
      throw new DomainError('RATE_LIMITED', 429, 'too many wrong member codes from this account; try again later');
    }
  }

  private recordStaffFailure(staffId: string, now: Date): void {
    const list = this.staffFailures.get(staffId) ?? [];
    list.push(now.getTime());
    this.staffFailures.set(staffId, list);
  }
}
