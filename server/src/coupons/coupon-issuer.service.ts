// Issuing coupons: claim centre and points mall (claimed by the member, per-member limit),
// automations (welcome, birthday, check-in, referral — through RewardsService.grant and
// `issueInTransaction`) and admin grants (business-keyed). Every path ends in the one
// conditional stock UPDATE, so stock is never oversold whatever the channel.
//
// Lock order inside an issuing transaction, the same on every path so they cannot deadlock:
// member row (points mall only) → claim counter row → template row (stock) → new coupon rows.
// The template row is the hot spot of a popular offer; it is taken last and held only for the
// coupon insert and the commit.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  checkTemplateIssuable,
  COUPON_CODE_RANDOM_BYTES,
  couponValidity,
  generateCouponCode,
  templateValidity,
  type ClaimCouponRequest,
  type Coupon,
  type CouponChannel,
  type GrantCouponsRequest,
  type GrantCouponsResponse,
  type TemplateIssueRefusal,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { isUniqueViolation, pgConstraint } from '../common/pg-error.js';
import { inSavepoint, inTransaction } from '../common/transaction.js';
import { PointsLedgerService } from '../loyalty/points-ledger.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { TiersService } from '../members/tiers.service.js';
import { templateState, toCouponView, type CouponRow, type TemplateRow } from './coupon-views.js';
import { MemberRepository } from '../members/member.repository.js';
import { CouponRepository } from './coupon.repository.js';
import { CouponTemplateRepository, type LeanClaimRow } from './coupon-template.repository.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

/** How long a template read for claims is reused; the claim statement checks it is still that version. */
const OFFER_FRESH_MS = 5_000;
/** The per-member counter's CHECK: a concurrent claim of the same member got there first. */
const CLAIM_LIMIT_CHECK = 'coupon_claim_within_limit';

const limitReached = (limit: number) => new DomainError('COUPON_LIMIT_REACHED', `at most ${limit} per member`);

/** Thrown inside a claim's transaction when the statement issued nothing: rolls the debit back. */
class ClaimRefused extends Error {
  constructor(readonly row: LeanClaimRow | undefined) {
    super('claim refused');
  }
}

/** A coupon code collision (p ≈ n / 31¹⁴): the transaction helper retries with fresh codes. */
const CODE_CLASH = 'coupon_code_key';
/** The same (member, issue key) committed concurrently. */
const ISSUE_CLASH = 'coupon_member_issue_key';

export interface WriteResult<T> {
  created: boolean;
  body: T;
}

interface NewCoupon {
  id: string;
  code: string;
  memberId: string;
}

@Injectable()
export class CouponIssuerService {
  private readonly offers = new Map<string, { row: TemplateRow; at: number }>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly ledger: PointsLedgerService,
    private readonly programme: ProgrammeService,
    private readonly tiers: TiersService,
    private readonly audit: AuditService,
    private readonly members: MemberRepository,
    private readonly coupons: CouponRepository,
    private readonly templates: CouponTemplateRepository,
    private readonly webhooks: WebhookEventsService,
  ) {}

  async template(tx: EntityManager, id: string): Promise<TemplateRow | null> {
    return this.templates.byId(tx, id);
  }

  /** Active templates offered as welcome gifts with stock left, oldest first (the rewards module's welcome grant). */
  async welcomeTemplateIds(tx: EntityManager): Promise<string[]> {
    return this.templates.welcomeTemplateIds(tx);
  }

  /**
   * A member claims from the claim centre (free) or the points mall (charges `pointsCost`).
   * Paused templates and templates not offered there answer 404 (the offer does not exist for
   * the member); an ended window 422 COUPON_EXPIRED; no stock 422 COUPON_OUT_OF_STOCK; the
   * member's limit 422 COUPON_LIMIT_REACHED; too few points 422 INSUFFICIENT_POINTS — and any
   * refusal leaves nothing behind: no coupon, no stock, no points, no claim count.
   *
   * The lean path (docs/coupons.md "The lean claim"): the template comes from a short cache and
   * the rules are checked against it; the one claim statement (CouponTemplateRepository.claim)
   * then takes the stock, counts the claim and inserts the coupon only if the template is still
   * at that version — else the template is read again and the claim retried. A free claim is
   * that one statement on its own (no transaction) unless someone subscribes to coupon.issued;
   * a points-mall claim runs it inside the ledger's transaction, after the debit.
   */
  async claim(memberId: string, templateId: string, req: ClaimCouponRequest, now = new Date()): Promise<WriteResult<Coupon>> {
    const issueKey = req.requestId ? `claim:${req.requestId}` : `claim:${randomUUID()}`;
    let t = await this.offer(templateId, false);
    for (let attempt = 1; ; attempt++) {
      const channel: CouponChannel | null = t?.channels.includes('points')
        ? 'points'
        : t?.channels.includes('center')
          ? 'center'
          : null;
      if (!t || !channel) return this.refused(memberId, issueKey, req, DomainError.notFound('coupon offer'), now);
      // The tier is read only for an offer with a tier floor.
      const member = t.min_tier ? await this.members.tierCode(this.db, memberId) : null;
      if (t.min_tier && !member) throw DomainError.notFound('member');
      const check = checkTemplateIssuable(
        // The cached stock may be stale either way: the claim statement decides it.
        { ...templateState(t), issued: 0 },
        {
          channel,
          now,
          timeZone: this.programme.settings.timezone,
          ...(member ? { tierCode: member.tier_code, tiers: await this.tiers.all() } : {}),
        },
      );
      if (!check.ok) return this.refused(memberId, issueKey, req, this.refusal(check.code, check.reason), now);

      let row: LeanClaimRow | undefined;
      try {
        row = await this.claimOnce(t, memberId, channel, issueKey, now);
      } catch (err) {
        if (isUniqueViolation(err, [CODE_CLASH]) && attempt < 5) continue;
        // The same requestId committed before or concurrently: answer with its coupon (the
        // statement that clashed wrote nothing).
        if (req.requestId && isUniqueViolation(err, [ISSUE_CLASH])) {
          const earlier = await this.byIssueKey(memberId, issueKey, now);
          if (earlier) return { created: false, body: earlier };
        }
        // A claim of the same member that reached the limit first (see CLAIM_SQL).
        if (pgConstraint(err) === CLAIM_LIMIT_CHECK) throw limitReached(t.per_member_limit);
        throw err;
      }
      if (row?.id) {
        return {
          created: true,
          body: toCouponView(
            { ...(row as unknown as CouponRow), status: row.coupon_status! },
            now,
            this.programme.settings.timezone,
          ),
        };
      }
      if (!row || row.status !== 'active')
        return this.refused(memberId, issueKey, req, DomainError.notFound('coupon offer'), now);
      if (!row.fresh) {
        t = await this.offer(templateId, true); // edited since it was cached: check the rules again
        continue;
      }
      if (row.at_limit) return this.refused(memberId, issueKey, req, limitReached(t.per_member_limit), now);
      // Stock seen but not taken (every shard with stock emptied under us): look again, a bounded number of times.
      if (row.has_stock && attempt < 20) continue;
      return this.refused(memberId, issueKey, req, new DomainError('COUPON_OUT_OF_STOCK', 'this coupon is out of stock'), now);
    }
  }

  /** One try of the claim statement: alone, or in a transaction with the points debit / the webhook event. */
  private async claimOnce(
    t: TemplateRow,
    memberId: string,
    channel: CouponChannel,
    issueKey: string,
    now: Date,
  ): Promise<LeanClaimRow | undefined> {
    const { validFrom, expiresAt } = couponValidity(templateValidity(templateState(t)), now, this.programme.settings.timezone);
    const pointsPaid = channel === 'points' ? t.points_cost! : 0;
    const lean = {
      templateId: t.id,
      memberId,
      limit: t.per_member_limit,
      couponId: randomUUID(),
      code: generateCouponCode(randomBytes(COUPON_CODE_RANDOM_BYTES)),
      channel,
      issueKey,
      validFrom,
      expiresAt,
      pointsPaid,
      now,
      revision: t.revision,
      shards: t.stock_shards,
      start: randomInt(64),
    };
    const emits = await this.webhooks.wants(this.db, 'coupon.issued');
    if (channel !== 'points' && !emits) return this.templates.claim(this.db, lean);
    try {
      return await inTransaction(this.db, async (tx) => {
        if (channel === 'points') {
          // Member row first (the ledger's lock), the debit, then the stock row in the claim statement.
          const locked = await this.ledger.lock(tx, memberId, now);
          if (!locked) throw DomainError.notFound('member');
          await this.ledger.expireDue(tx, locked, now);
          await this.ledger.debit(tx, locked, 'exchange', { businessKey: `coupon:${lean.couponId}:exchange` }, pointsPaid, now);
          await this.ledger.save(tx, locked);
        }
        const row = await this.templates.claim(tx, lean);
        // Nothing issued: undo the debit (the refusal is decided by the caller).
        if (!row?.id) throw new ClaimRefused(row);
        if (emits)
          await this.webhooks.emit(tx, {
            type: 'coupon.issued',
            memberId,
            data: { couponId: row.id, memberId, templateId: t.id, channel, expiresAt: expiresAt.toISOString() },
          });
        return row;
      });
    } catch (err) {
      if (err instanceof ClaimRefused) return err.row;
      throw err;
    }
  }

  /**
   * A refusal — unless `requestId` repeats a claim that succeeded earlier (the offer may since
   * have sold out, ended or been paused): then the earlier coupon, 200.
   */
  private async refused(
    memberId: string,
    issueKey: string,
    req: ClaimCouponRequest,
    refusal: DomainError,
    now: Date,
  ): Promise<WriteResult<Coupon>> {
    if (req.requestId) {
      const earlier = await this.byIssueKey(memberId, issueKey, now);
      if (earlier) return { created: false, body: earlier };
    }
    throw refusal;
  }

  /** A claimable template from a short per-instance cache (the claim statement checks its version). */
  private async offer(id: string, fresh: boolean): Promise<TemplateRow | null> {
    const cached = this.offers.get(id);
    if (!fresh && cached && Date.now() - cached.at < OFFER_FRESH_MS) return cached.row;
    const row = await this.template(this.db.manager, id);
    if (this.offers.size >= 1000) this.offers.clear();
    if (row) this.offers.set(id, { row, at: Date.now() });
    else this.offers.delete(id);
    return row;
  }

  /**
   * Issues one coupon of a template under `issueKey` inside the caller's transaction (the rewards
   * pipeline). Never throws for a business "no": an unissuable template or exhausted stock
   * answers a refusal and writes nothing. The stock UPDATE is the same guarded one as every other
   * path. A coupon already issued under the key is answered as issued. A code collision is
   * retried under a savepoint so the caller's transaction survives it.
   */
  async issueInTransaction(
    tx: EntityManager,
    templateId: string,
    memberId: string,
    channel: CouponChannel,
    issueKey: string,
    now: Date,
    opts: { checkTier?: boolean } = {},
  ): Promise<{ ok: true; coupon: NewCoupon } | { ok: false; reason: 'out_of_stock' | 'template_unavailable' }> {
    const earlier = await this.coupons.issuedUnder(tx, memberId, issueKey);
    if (earlier) return { ok: true, coupon: { id: earlier.id, code: earlier.code, memberId } };
    const t = await this.template(tx, templateId);
    if (!t) return { ok: false, reason: 'template_unavailable' };
    const tier = opts.checkTier ? await this.members.tierCode(tx, memberId) : undefined;
    const check = checkTemplateIssuable(templateState(t), {
      channel,
      now,
      timeZone: this.programme.settings.timezone,
      ...(tier ? { tierCode: tier.tier_code, tiers: await this.tiers.all() } : {}),
    });
    if (!check.ok) return { ok: false, reason: check.code === 'COUPON_OUT_OF_STOCK' ? 'out_of_stock' : 'template_unavailable' };
    for (let attempt = 0; ; attempt++) {
      let issued: NewCoupon[] | null;
      try {
        issued = await inSavepoint(tx, 'coupon_issue', () =>
          this.issue(tx, t, [{ memberId, issueKey, couponId: randomUUID() }], channel, now, 0),
        );
      } catch (err) {
        if (attempt < 3 && isUniqueViolation(err, [CODE_CLASH])) continue;
        throw err;
      }
      if (issued) return { ok: true, coupon: issued[0]! };
      const after = await this.template(tx, templateId);
      return { ok: false, reason: after && after.status === 'active' ? 'out_of_stock' : 'template_unavailable' };
    }
  }

  /**
   * Admin grant of one template to listed members (channel `grant`). All or nothing: the stock
   * must cover every member not yet granted under this key, else 422 COUPON_OUT_OF_STOCK and
   * nothing is issued. Idempotent on (member, idempotencyKey): a replay returns the same coupons.
   * Audited. Unknown or inactive members → 404 with their ids, nothing issued.
   */
  async grant(
    actor: StaffPrincipal,
    templateId: string,
    req: GrantCouponsRequest,
    now = new Date(),
  ): Promise<WriteResult<GrantCouponsResponse>> {
    const memberIds = [...new Set(req.memberIds)];
    const issueKey = `grant:${req.idempotencyKey}`;
    // A concurrent identical grant committed first (ISSUE_CLASH) or a code collided: the retry
    // sees the committed coupons and answers as a replay.
    return inTransaction(
      this.db,
      async (tx) => {
        const t = await this.template(tx, templateId);
        if (!t) throw DomainError.notFound('coupon template');
        const existing = await this.coupons.issuedUnderTo(tx, memberIds, issueKey);
        if (existing.some((c) => c.template_id !== templateId)) {
          throw new DomainError('IDEMPOTENCY_KEY_CONFLICT', 'this idempotencyKey was used to grant another template');
        }
        const done = new Set(existing.map((c) => c.member_id));
        const pending = memberIds.filter((id) => !done.has(id));
        let fresh: NewCoupon[] = [];
        if (pending.length > 0) {
          const check = checkTemplateIssuable(templateState(t), {
            channel: 'grant',
            now,
            timeZone: this.programme.settings.timezone,
          });
          if (!check.ok && check.code !== 'COUPON_OUT_OF_STOCK') throw this.refusal(check.code, check.reason, 'admin');
          const active = await this.members.activeIds(tx, pending);
          if (active.length !== pending.length) {
            const found = new Set(active.map((m) => m.id));
            throw new DomainError(
              'NOT_FOUND',
              'some members do not exist or are not active',
              pending.filter((id) => !found.has(id)),
            );
          }
          const issued = await this.issue(
            tx,
            t,
            pending.map((memberId) => ({ memberId, issueKey, couponId: randomUUID() })),
            'grant',
            now,
            0,
          );
          if (!issued) throw await this.stockRefusal(tx, t.id, pending.length, 'admin');
          fresh = issued;
          await this.audit.record(tx, {
            actorType: 'staff',
            actorId: actor.id,
            action: 'coupon.grant',
            targetType: 'coupon_template',
            targetId: t.id,
            details: { idempotencyKey: req.idempotencyKey, members: pending.length },
          });
        }
        const byMember = new Map<string, { couponId: string; code: string }>();
        for (const c of existing) byMember.set(c.member_id, { couponId: c.id, code: c.code });
        for (const c of fresh) byMember.set(c.memberId, { couponId: c.id, code: c.code });
        return {
          created: fresh.length > 0,
          body: {
            templateId,
            idempotencyKey: req.idempotencyKey,
            coupons: memberIds.map((memberId) => ({ memberId, ...byMember.get(memberId)! })),
            issued: fresh.length,
          },
        };
      },
      { retryOnUnique: [CODE_CLASH, ISSUE_CLASH] },
    );
  }

  /**
   * Takes `items.length` from the template's stock and inserts the coupons. Null (and nothing
   * written) when the stock cannot cover them or the template is no longer active.
   */
  private async issue(
    tx: EntityManager,
    t: TemplateRow,
    items: { memberId: string; issueKey: string; couponId: string }[],
    channel: CouponChannel,
    now: Date,
    pointsPaid: number,
  ): Promise<NewCoupon[] | null> {
    // Invariant: issued ≤ total_stock (the conditional UPDATE in takeStock; no oversell).
    if (!(await this.templates.takeStock(tx, t.id, items.length, t.stock_shards))) return null;
    const { validFrom, expiresAt } = couponValidity(templateValidity(templateState(t)), now, this.programme.settings.timezone);
    const coupons = items.map((i) => ({
      id: i.couponId,
      code: generateCouponCode(randomBytes(COUPON_CODE_RANDOM_BYTES)),
      memberId: i.memberId,
      issueKey: i.issueKey,
    }));
    await this.coupons.insertFromTemplate(tx, t.id, coupons, { channel, validFrom, expiresAt, pointsPaid, now });
    for (const c of coupons)
      await this.webhooks.emit(tx, {
        type: 'coupon.issued',
        memberId: c.memberId,
        data: { couponId: c.id, memberId: c.memberId, templateId: t.id, channel, expiresAt: expiresAt.toISOString() },
      });
    return coupons.map(({ id, code, memberId }) => ({ id, code, memberId }));
  }

  /** Why the conditional stock update took nothing. */
  private async stockRefusal(
    tx: EntityManager,
    templateId: string,
    wanted = 1,
    audience: 'member' | 'admin' = 'member',
  ): Promise<DomainError> {
    const t = await this.template(tx, templateId);
    if (t && t.status !== 'active') return this.refusal('COUPON_TEMPLATE_PAUSED', undefined, audience);
    const left = t ? t.total_stock - t.issued : 0;
    return new DomainError(
      'COUPON_OUT_OF_STOCK',
      wanted === 1 ? 'this coupon is out of stock' : `only ${left} left, ${wanted} needed`,
    );
  }

  /** Refusals of checkTemplateIssuable as errors. A member never learns a paused or hidden offer exists. */
  private refusal(
    code: TemplateIssueRefusal['code'],
    reason: string | undefined,
    audience: 'member' | 'admin' = 'member',
  ): DomainError {
    // A member never learns a paused offer, or one not offered on this channel, exists: 404.
    if (audience === 'member' && (code === 'COUPON_TEMPLATE_PAUSED' || reason === 'channel_not_offered'))
      return DomainError.notFound('coupon offer');
    return DomainError.fromRefusal({ code, reason }, ISSUE_REFUSAL_MESSAGES[code](reason));
  }

  private async byIssueKey(memberId: string, issueKey: string, now: Date, id?: string): Promise<Coupon | null> {
    const row = await this.coupons.oneByIssueKey(this.db, memberId, issueKey, id);
    return row ? toCouponView(row, now, this.programme.settings.timezone) : null;
  }
}

/** The message of each issuing refusal; the rule chose the API code (its reason goes as details). */
const ISSUE_REFUSAL_MESSAGES: { [C in TemplateIssueRefusal['code']]: (reason: string | undefined) => string } = {
  COUPON_TEMPLATE_PAUSED: () => 'the template is paused',
  COUPON_NOT_APPLICABLE: (reason) =>
    reason === 'channel_not_offered'
      ? 'the template is not offered through this channel'
      : `not available to this member (${reason ?? 'not applicable'})`,
  COUPON_EXPIRED: () => 'this offer has ended',
  COUPON_OUT_OF_STOCK: () => 'this coupon is out of stock',
};
