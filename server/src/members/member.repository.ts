// The `member` table's SQL (members/ owns it). Other modules read and write member columns only
// through these methods: the ledger's balance columns and lock, the till's look-ups, the member
// code's counters, sign-up. Statements are the ones the callers ran before (same text, same
// prepared-statement names through `sql()`, same lock order); each takes the caller's manager.
import { Injectable } from '@nestjs/common';
import type { TierCode } from '@huiyuan/shared';
import type { DataSource, DeepPartial, EntityManager } from 'typeorm';
import { deferSql, returning, sql } from '../common/sql.js';
import { Member } from './member.entity.js';

type Db = DataSource | EntityManager;

export interface MemberCodeRow {
  id: string;
  code_id: string;
  code_secret: Buffer;
  code_last_step: string;
  code_last_counter: number;
  code_locked_until: Date | null;
  status: string;
}

export interface LedgerMemberRow {
  id: string;
  status: string;
  points: number;
  points_debt: number;
  growth: number;
  tier_code: TierCode;
  tier_since: Date;
  referrer_id: string | null;
  /** Whether a lot of the member's had expired by the probe time and still had points. */
  has_due_lots: boolean;
  /** A paid membership running at the probe time (付费会员): its rates; null without one. */
  paid_discount_rate_bp: number | null;
  paid_points_multiplier_bp: number | null;
}

@Injectable()
export class MemberRepository {
  // --- the auth guard -------------------------------------------------------------------------
  async authState(db: Db, id: string) {
    const rows: { status: string; consent_version: string | null; token_version: number }[] = await sql(
      db,
      'SELECT status, consent_version, token_version FROM member WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  // --- the member's own use cases (MembersService) --------------------------------------------
  findById(tx: EntityManager, id: string): Promise<Member | null> {
    return tx.findOneBy(Member, { id });
  }

  /** The row, locked for the rest of the transaction. */
  lock(tx: EntityManager, id: string): Promise<Member | null> {
    return tx.findOne(Member, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: EntityManager, id: string, changes: Partial<Member>): Promise<void> {
    await tx.update(Member, { id }, changes as never);
  }

  /** Members who never accepted any policy and were created before `cutoff` (oldest first). */
  neverConsentedBefore(db: Pick<EntityManager, 'query'>, cutoff: Date, limit: number): Promise<{ id: string }[]> {
    return db.query(
      `SELECT m.id FROM member m
        WHERE m.consent_version IS NULL AND m.status <> 'deleted' AND m.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM consent_record c WHERE c.member_id = m.id)
        ORDER BY m.created_at LIMIT $2`,
      [cutoff, limit],
    );
  }

  /** The export's raw row, the referrer's member number and how many the member invited. */
  async exportRows(tx: EntityManager, id: string) {
    const [row]: Record<string, unknown>[] = await tx.query('SELECT * FROM member WHERE id = $1', [id]);
    if (!row) return null;
    const [referrer]: { member_no: string }[] = row.referrer_id
      ? await tx.query('SELECT member_no FROM member WHERE id = $1', [row.referrer_id])
      : [];
    const [invited]: { n: number }[] = await tx.query('SELECT COUNT(*)::int AS n FROM member WHERE referrer_id = $1', [id]);
    return { row, referrer, invited: invited! };
  }

  /**
   * Deletes a never-consented row, inside a savepoint: false, deleting nothing, when it ever
   * consented or RESTRICT foreign keys still point at it.
   */
  async removeNeverConsented(tx: EntityManager, id: string, isRestrict: (err: unknown) => boolean): Promise<boolean> {
    await tx.query('SAVEPOINT remove_member');
    try {
      const rows = await returning<{ id: string }>(
        tx,
        `DELETE FROM member m WHERE m.id = $1 AND m.consent_version IS NULL
            AND NOT EXISTS (SELECT 1 FROM consent_record c WHERE c.member_id = m.id AND c.action = 'accept')
          RETURNING m.id`,
        [id],
      );
      await tx.query('RELEASE SAVEPOINT remove_member');
      return rows.length > 0;
    } catch (err) {
      if (!isRestrict(err)) throw err;
      await tx.query('ROLLBACK TO SAVEPOINT remove_member');
      return false;
    }
  }

  // --- sign-up and login (identity/) ----------------------------------------------------------
  existsByOpenid(db: Db, openid: string): Promise<boolean> {
    return db.getRepository(Member).existsBy({ openid });
  }

  findByOpenid(tx: EntityManager, openid: string): Promise<Member | null> {
    return tx.findOneBy(Member, { openid });
  }

  async setSessionKeyCipher(tx: EntityManager, id: string, sessionKeyCipher: Buffer): Promise<void> {
    await tx.update(Member, { id }, { sessionKeyCipher });
  }

  async insert(tx: EntityManager, values: DeepPartial<Member>): Promise<void> {
    await tx.insert(Member, values as never);
  }

  findByIdOrFail(tx: EntityManager, id: string): Promise<Member> {
    return tx.findOneByOrFail(Member, { id });
  }

  findActiveByInviteCode(tx: EntityManager, inviteCode: string): Promise<Member | null> {
    return tx.findOneBy(Member, { inviteCode, status: 'active' });
  }

  /** `token_version = token_version + 1` in one statement (logout ends every session). */
  async bumpTokenVersion(tx: EntityManager, id: string): Promise<void> {
    await tx.increment(Member, { id }, 'tokenVersion', 1);
  }

  // --- small look-ups for other modules -------------------------------------------------------
  /** The member's tier code, or undefined for no such member. */
  async tierCode(db: Pick<EntityManager, 'query'>, id: string): Promise<{ tier_code: TierCode } | undefined> {
    const [member]: { tier_code: TierCode }[] = await db.query('SELECT tier_code FROM member WHERE id = $1', [id]);
    return member;
  }

  /** Those of `ids` that are active members. */
  async activeIds(tx: Pick<EntityManager, 'query'>, ids: string[]): Promise<{ id: string }[]> {
    return tx.query(`SELECT id FROM member WHERE id = ANY($1::uuid[]) AND status = 'active'`, [ids]);
  }

  async createdAt(db: Pick<EntityManager, 'query'>, id: string): Promise<Date | undefined> {
    const rows: { created_at: Date }[] = await db.query('SELECT created_at FROM member WHERE id = $1', [id]);
    return rows[0]?.created_at;
  }

  async inviteCode(db: Pick<EntityManager, 'query'>, id: string): Promise<string | undefined> {
    const rows: { invite_code: string }[] = await db.query('SELECT invite_code FROM member WHERE id = $1', [id]);
    return rows[0]?.invite_code;
  }

  async referrerId(tx: Pick<EntityManager, 'query'>, id: string): Promise<{ referrer_id: string | null } | undefined> {
    const [m]: { referrer_id: string | null }[] = await tx.query('SELECT referrer_id FROM member WHERE id = $1', [id]);
    return m;
  }

  /** Tier codes held by members that are not among `codes` (the programme may not drop them). */
  tiersHeldOutside(tx: Pick<EntityManager, 'query'>, codes: string[]): Promise<{ tier_code: string; n: number }[]> {
    return tx.query(`SELECT tier_code, count(*)::int AS n FROM member WHERE NOT (tier_code = ANY($1)) GROUP BY tier_code`, [
      codes,
    ]);
  }

  /** The newest `limit` members `referrerId` invited. */
  invitedBy(
    db: Pick<EntityManager, 'query'>,
    referrerId: string,
    limit: number,
  ): Promise<{ id: string; nickname: string | null; created_at: Date }[]> {
    return db.query(
      'SELECT m.id, m.nickname, m.created_at FROM member m WHERE m.referrer_id = $1 ORDER BY m.created_at DESC, m.id LIMIT $2',
      [referrerId, limit],
    );
  }

  /**
   * A page of the members `referrerId` invited, newest first, keyset on (created_at, id) below
   * `before` (the member 360's referrals).
   */
  invitedPage(
    db: Pick<EntityManager, 'query'>,
    referrerId: string,
    before: { t: string; id: string } | null,
    limit: number,
  ): Promise<{ id: string; member_no: string; nickname: string | null; created_at: Date }[]> {
    return db.query(
      `SELECT m.id, m.member_no, m.nickname, m.created_at FROM member m
        WHERE m.referrer_id = $1 AND ($2::timestamptz IS NULL OR (m.created_at, m.id) < ($2::timestamptz, $3::uuid))
        ORDER BY m.created_at DESC, m.id DESC LIMIT $4`,
      [referrerId, before?.t ?? null, before?.id ?? null, limit],
    );
  }

  /** Who invited the member (their id, member number and nickname), if anyone. */
  async referrerOf(
    db: Pick<EntityManager, 'query'>,
    memberId: string,
  ): Promise<{ id: string; member_no: string; nickname: string | null } | undefined> {
    const [r]: { id: string; member_no: string; nickname: string | null }[] = await db.query(
      `SELECT r.id, r.member_no, r.nickname FROM member m JOIN member r ON r.id = m.referrer_id WHERE m.id = $1`,
      [memberId],
    );
    return r;
  }

  /** A page (by id) of active members with a birthday in `month`. */
  birthdaysIn(
    db: Pick<EntityManager, 'query'>,
    month: number,
    after: string,
    limit: number,
  ): Promise<{ id: string; birthday: string }[]> {
    return db.query(
      `SELECT m.id, m.birthday FROM member m
            WHERE m.status = 'active' AND m.birthday IS NOT NULL AND EXTRACT(MONTH FROM m.birthday) = $1 AND m.id > $2
            ORDER BY m.id LIMIT $3`,
      [month, after, limit],
    );
  }

  /**
   * The admin member search, newest first, keyset-paged. `storeId` (a store's staff) limits it to
   * members who registered at the store or ordered there: the one read of member_order outside
   * till/, kept in this one paged statement (module-boundaries.spec.ts, CROSS_MODULE_READS).
   */
  search(
    db: Pick<EntityManager, 'query'>,
    q: {
      term?: string;
      termHash?: string;
      storeId?: string | null;
      after: { t: Date | string; id: string } | null;
      limit: number;
    },
  ): Promise<
    {
      id: string;
      member_no: string;
      nickname: string | null;
      phone_masked: string | null;
      tier_code: string;
      points: number;
      growth: number;
      status: string;
      created_at: Date;
    }[]
  > {
    const { term, after } = q;
    const params: unknown[] = [];
    const where: string[] = ["m.status <> 'deleted'"];
    if (term) {
      params.push(term, q.termHash, `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(m.member_no = $1 OR m.phone_hmac = $2 OR m.nickname ILIKE $3)`);
    }
    if (q.storeId !== undefined) {
      params.push(q.storeId);
      const p = `$${params.length}`;
      where.push(
        `(m.registration_store_id = ${p} OR EXISTS (SELECT 1 FROM member_order o WHERE o.member_id = m.id AND o.store_id = ${p}))`,
      );
    }
    if (after) {
      params.push(after.t, after.id);
      where.push(`(m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit);
    return db.query(
      `SELECT m.id, m.member_no, m.nickname, m.phone_masked, m.tier_code, m.points, m.growth, m.status, m.created_at
           FROM member m WHERE ${where.join(' AND ')} ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  // --- the till -------------------------------------------------------------------------------
  async byMemberNo(db: Db, memberNo: string) {
    const rows: { id: string; phone_cipher: Buffer | null; status: string }[] = await sql(
      db,
      'SELECT id, phone_cipher, status FROM member WHERE member_no = $1',
      [memberNo],
    );
    return rows[0];
  }

  async tillView(db: Db, id: string, now: Date) {
    const rows: {
      id: string;
      member_no: string;
      nickname: string | null;
      tier_code: string;
      phone_masked: string | null;
      paid_title: string | null;
      paid_expires_at: Date | null;
      paid_discount_rate_bp: number | null;
      paid_points_multiplier_bp: number | null;
    }[] = await sql(
      db,
      `SELECT m.id, m.member_no, m.nickname, m.tier_code, m.phone_masked, ms.title AS paid_title, ms.expires_at AS paid_expires_at,
              ms.discount_rate_bp AS paid_discount_rate_bp, ms.points_multiplier_bp AS paid_points_multiplier_bp
         FROM member m LEFT JOIN membership ms ON ms.member_id = m.id AND ms.expires_at > $2
        WHERE m.id = $1`,
      [id, now],
    );
    return rows[0];
  }

  // --- the points ledger (loyalty/): the per-member lock and the cached balance columns ---------
  /** The ledger's per-member lock: one SELECT … FOR UPDATE of the row (PointsLedgerService.lock). */
  /**
   * Takes the member's row lock and nothing else: for work that will lock the member later in its
   * transaction (a refund's feature handler) and must not take another row first — every path
   * locks the member before a payment or a refund, so two of them never wait on each other.
   */
  async lockRow(tx: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM member WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length > 0;
  }

  /**
   * Locks the row for the ledger. Also answers, in the same round trip, whether any of the
   * member's lots is due to expire by `dueProbe` — nearly always not, so the ledger can skip its
   * expire-due scan — who referred the member (the till's referral check needs nothing else), and
   * the rates of a paid membership running then (the till's member price; membership/ owns the table).
   */
  async lockForLedger(tx: EntityManager, id: string, dueProbe: Date): Promise<LedgerMemberRow | undefined> {
    const rows: LedgerMemberRow[] = await sql(
      tx,
      `SELECT m.id, m.status, m.points, m.points_debt, m.growth, m.tier_code, m.tier_since, m.referrer_id,
              EXISTS (SELECT 1 FROM points_lot l
                       WHERE l.member_id = m.id AND l.remaining > 0 AND l.expires_at IS NOT NULL AND l.expires_at <= $2
                    ) AS has_due_lots,
              ms.discount_rate_bp AS paid_discount_rate_bp, ms.points_multiplier_bp AS paid_points_multiplier_bp
         FROM member m LEFT JOIN membership ms ON ms.member_id = m.id AND ms.expires_at > $2
        WHERE m.id = $1 FOR UPDATE OF m`,
      [id, dueProbe],
    );
    return rows[0];
  }

  async saveLedger(
    tx: EntityManager,
    m: { id: string; points: number; pointsDebt: number; growth: number; tierCode: TierCode; tierSince: Date },
  ): Promise<void> {
    // The row is locked by lockForLedger; the write can wait for the transaction's next round trip.
    await deferSql(
      tx,
      `UPDATE member SET points = $2, points_debt = $3, growth = $4, tier_code = $5, tier_since = $6, updated_at = now()
        WHERE id = $1`,
      [m.id, m.points, m.pointsDebt, m.growth, m.tierCode, m.tierSince],
    );
  }

  // --- the tier review (loyalty/) -------------------------------------------------------------
  tierReviewCandidates(
    db: Pick<EntityManager, 'query'>,
  ): Promise<{ id: string; tier_since: Date; tier_reviewed_on: string | null }[]> {
    return db.query(`SELECT id, tier_since, tier_reviewed_on FROM member WHERE tier_code <> 'normal' AND status = 'active'`);
  }

  async tierReviewedOn(tx: Pick<EntityManager, 'query'>, id: string): Promise<{ tier_reviewed_on: string | null } | undefined> {
    const fresh: { tier_reviewed_on: string | null }[] = await tx.query('SELECT tier_reviewed_on FROM member WHERE id = $1', [
      id,
    ]);
    return fresh[0];
  }

  async setTierReviewedOn(tx: Pick<EntityManager, 'query'>, id: string, day: string): Promise<void> {
    await tx.query('UPDATE member SET tier_reviewed_on = $2 WHERE id = $1', [id, day]);
  }

  // --- the member code (loyalty/member-code.service.ts) ---------------------------------------
  async codeRow(
    db: Pick<EntityManager, 'query'>,
    where: 'id' | 'code_id',
    value: string | number,
  ): Promise<MemberCodeRow | null> {
    const rows: MemberCodeRow[] = await db.query(
      `SELECT id, code_id, code_secret, code_last_step, code_last_counter, code_locked_until, status FROM member WHERE ${where} = $1`,
      [value],
    );
    return rows[0] ?? null;
  }

  /** Counts one attempt before verifying (see MemberCodeService.consume); no row while locked. */
  codeGate(db: Pick<EntityManager, 'query'>, id: string, budget: number, now: Date, lockUntil: Date) {
    return returning<{ code_failures: number }>(
      db,
      `UPDATE member SET
              code_failures = CASE WHEN code_locked_until <= $3 THEN 1 ELSE code_failures + 1 END,
              code_locked_until = CASE WHEN code_locked_until <= $3 THEN NULL
                                       WHEN code_failures + 1 > $2 THEN $4::timestamptz
                                       ELSE code_locked_until END
        WHERE id = $1 AND (code_locked_until IS NULL OR code_locked_until <= $3)
        RETURNING code_failures`,
      [id, budget, now, lockUntil],
    );
  }

  async codeLockIfBudgetSpent(db: Pick<EntityManager, 'query'>, id: string, budget: number, lockUntil: Date): Promise<void> {
    await db.query(
      `UPDATE member SET code_locked_until = CASE WHEN code_failures >= $2 THEN COALESCE(code_locked_until, $3::timestamptz)
                                                       ELSE code_locked_until END
            WHERE id = $1`,
      [id, budget, lockUntil],
    );
  }

  async codeGiveBackFailure(db: Pick<EntityManager, 'query'>, id: string): Promise<void> {
    await db.query('UPDATE member SET code_failures = GREATEST(code_failures - 1, 0) WHERE id = $1', [id]);
  }

  /** Stores an accepted (step, counter) if it is after the last one; no row when it is not. */
  codeAccept(db: Pick<EntityManager, 'query'>, id: string, step: number, counter: number) {
    return returning<{ id: string }>(
      db,
      `UPDATE member SET code_last_step = $2, code_last_counter = $3, code_failures = 0, code_locked_until = NULL
        WHERE id = $1 AND (code_last_step < $2 OR (code_last_step = $2 AND code_last_counter < $3))
        RETURNING id`,
      [id, step, counter],
    );
  }

  /** The member's points debt (points spent that a refund took back), 0 when none. */
  async pointsDebt(db: Pick<EntityManager, 'query'>, id: string): Promise<number> {
    const [m]: { points_debt: number }[] = await db.query('SELECT points_debt FROM member WHERE id = $1', [id]);
    return m?.points_debt ?? 0;
  }

  /** id → openid of those of `ids` who are active members. */
  async openidsOf(db: Pick<EntityManager, 'query'>, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; openid: string }[] = await db.query(
      `SELECT id, openid FROM member WHERE id = ANY($1::uuid[]) AND status = 'active'`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.openid]));
  }

  /** id → member number (the feedback inbox names the sender by it). */
  async memberNos(db: Pick<EntityManager, 'query'>, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; member_no: string }[] = await db.query(
      'SELECT id, member_no FROM member WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.member_no]));
  }
}
