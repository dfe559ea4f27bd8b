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
import { DomainError, RateLimitedError } from '../common/domain-error.js';
import { RateLimiterService } from '../common/rate-limiter.service.js';
import { MemberRepository, type MemberCodeRow } from '../members/member.repository.js';

/** After this many wrong codes in a row, a member's dynamic code is locked for a while. */
export const CODE_FAILURES_BEFORE_LOCK = 5;
export const CODE_LOCK_MS = 10 * 60_000;
// Wrong codes per staff account: the `memberCodeStaff` limit (default 20 per hour, shared by
// every instance; config/rate-limits.ts).

type CodeRow = MemberCodeRow;

@Injectable()
export class MemberCodeService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly limiter: RateLimiterService,
    private readonly members: MemberRepository,
  ) {}

  private row(where: 'id' | 'code_id', value: string | number): Promise<CodeRow | null> {
    return this.members.codeRow(this.db, where, value);
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
    // Counted before anything is checked, so concurrent guesses cannot pass the staff budget;
    // given back below when the scan turns out not to be a wrong guess.
    await this.limiter.consume('memberCodeStaff', staffId, 'too many wrong member codes from this account; try again later');
    const parsed = parseMemberCode(memberCode);
    const r = parsed ? await this.row('code_id', parsed.codeId) : null;
    if (!parsed || !r || r.status !== 'active') {
      // A wrong guess on the staff budget (kept), with no member to charge.
      throw new DomainError('MEMBER_CODE_INVALID', 'not a valid member code');
    }
    // Invariant: at most CODE_FAILURES_BEFORE_LOCK codes of one member are verified until a
    // right one or the lock's end. The attempt is counted by this one conditional update BEFORE
    // verifying (a closed lock starts a fresh count; going past the budget locks), so
    // concurrent guesses, on any number of instances, cannot pass the lock.
    const gate = await this.members.codeGate(
      this.db,
      r.id,
      CODE_FAILURES_BEFORE_LOCK,
      now,
      new Date(now.getTime() + CODE_LOCK_MS),
    );
    if (gate.length === 0 || gate[0]!.code_failures > CODE_FAILURES_BEFORE_LOCK) {
      await this.limiter.refund('memberCodeStaff', staffId);
      throw new RateLimitedError(
        'too many wrong codes for this member; ask them to wait or use the member number',
        Math.ceil(CODE_LOCK_MS / 1000),
      );
    }
    const result = verifyMemberCode({ codeId: Number(r.code_id), secret: r.code_secret }, memberCode, now, {
      lastUsed: MemberCodeService.lastUsed(r),
    });
    if (!result.ok) {
      if (result.code === 'MEMBER_CODE_INVALID') {
        // The guess that reaches the budget locks the member's code.
        await this.members.codeLockIfBudgetSpent(
          this.db,
          r.id,
          CODE_FAILURES_BEFORE_LOCK,
          new Date(now.getTime() + CODE_LOCK_MS),
        );
      } else {
        // Expired or replayed: not a guess, so neither budget is charged.
        await this.limiter.refund('memberCodeStaff', staffId);
        await this.members.codeGiveBackFailure(this.db, r.id);
      }
      const messages = {
        MEMBER_CODE_EXPIRED: 'this member code has expired; ask the member to refresh it',
        MEMBER_CODE_USED: 'this member code was already used; ask the member to refresh it',
        MEMBER_CODE_INVALID: 'not a valid member code',
      } as const;
      throw new DomainError(result.code, messages[result.code]);
    }
    // Each code once: only a (step, counter) after the last accepted one may be stored.
    const won = await this.members.codeAccept(this.db, r.id, result.step, result.counter);
    await this.limiter.refund('memberCodeStaff', staffId);
    if (won.length === 0) {
      await this.members.codeGiveBackFailure(this.db, r.id);
      throw new DomainError('MEMBER_CODE_USED', 'this member code was already used; ask the member to refresh it');
    }
    return r.id;
  }

  /**
   * Counts one member-number + last-4 fallback try, per member number and per staff account,
   * before the phone is compared (10,000 possible last-4s: without this they are enumerable).
   * `refusal` is set when either budget is spent; call `fallbackSucceeded` after a match.
   */
  async countFallbackAttempt(
    staffId: string,
    memberNo: string,
  ): Promise<{ refusal: RateLimitedError | null; lockedBy: 'member' | 'staff' | null }> {
    const perMember = await this.limiter.hit('memberNoMember', memberNo);
    const perStaff = await this.limiter.hit('memberNoStaff', staffId);
    if (!perMember.allowed) {
      return {
        refusal: new RateLimitedError(
          'too many failed look-ups of this member number; use the member code',
          perMember.retryAfterSeconds,
        ),
        lockedBy: 'member',
      };
    }
    if (!perStaff.allowed) {
      return {
        refusal: new RateLimitedError('too many failed member-number look-ups from this account', perStaff.retryAfterSeconds),
        lockedBy: 'staff',
      };
    }
    return { refusal: null, lockedBy: null };
  }

  /** A fallback match: the member's failures are forgotten, the staff's try is given back. */
  async fallbackSucceeded(staffId: string, memberNo: string): Promise<void> {
    await this.limiter.reset('memberNoMember', memberNo);
    await this.limiter.refund('memberNoStaff', staffId);
  }
}
