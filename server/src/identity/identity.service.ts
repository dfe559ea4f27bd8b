// Login for members (WeChat) and staff (password), and staff accounts.
import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  inviteCodeFromBytes,
  isValidInviteCode,
  memberNumberFromBytes,
  staffStoreProblem,
  type CreateStaffRequest,
  type StaffAccountView,
  type StaffLoginResponse,
  type StaffView,
  type WechatLoginRequest,
  type WechatLoginResponse,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { CryptoService } from '../common/crypto.service.js';
import { DomainError, RateLimitedError } from '../common/domain-error.js';
import { RateLimiterService } from '../common/rate-limiter.service.js';
import { TokenService } from '../common/token.service.js';
import { inTransaction, pgConstraint, pgErrorCode } from '../common/transaction.js';
import { SignupSignalsService, type SignupClient } from '../engagement/signup-signals.service.js';
import type { Member } from '../members/member.entity.js';
import { MembersService } from '../members/members.service.js';
import type { WechatClient, WechatSession } from '../wechat/wechat.client.js';
import { WECHAT_CLIENT } from '../wechat/wechat.module.js';
import { WechatSandbox } from '../wechat/wechat.sandbox.js';
import { assertPasswordPolicy, DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import { Staff } from './staff.entity.js';
import { toDomainError } from '../common/wechat-errors.js';
import { MemberRepository } from '../members/member.repository.js';
import { StoreRepository } from '../stores/store.repository.js';
import { StaffRepository } from './staff.repository.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

function newInviteCode(): string {
  for (;;) {
    const code = inviteCodeFromBytes(randomBytes(16));
    if (code) return code;
  }
}

export function toStaffView(s: Staff): StaffView {
  return { id: s.id, username: s.username, role: s.role, storeId: s.storeId };
}

export function toStaffAccountView(s: Staff): StaffAccountView {
  return { ...toStaffView(s), status: s.disabled ? 'disabled' : 'active' };
}

@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
    private readonly sandbox: WechatSandbox,
    private readonly crypto: CryptoService,
    private readonly tokens: TokenService,
    private readonly members: MembersService,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiterService,
    private readonly signals: SignupSignalsService,
    private readonly memberRows: MemberRepository,
    private readonly stores: StoreRepository,
    private readonly staffRows: StaffRepository,
    private readonly analytics: AnalyticsService,
    private readonly webhooks: WebhookEventsService,
  ) {}

  async wechatLogin(req: WechatLoginRequest, client: SignupClient = { ip: null, deviceId: null }): Promise<WechatLoginResponse> {
    let session: WechatSession;
    try {
      session = await this.wechat.code2Session(await this.sandbox.resolveLoginCode(req.code));
    } catch (err) {
      throw toDomainError(err, 'login');
    }
    // An invited first login asks WeChat how risky the user is, before (never inside) the
    // member's transaction; a high rank holds the referral reward for review later.
    const invited = Boolean(req.inviteCode ?? req.scene?.startsWith('i='));
    const riskRank =
      invited && !(await this.memberRows.existsByOpenid(this.db, session.openid))
        ? await this.signals.riskRank(session.openid, client)
        : null;
    const { member, isNew } = await this.findOrCreateMember(session, req, client, riskRank);
    const { token, expiresIn } = await this.tokens.sign({ kind: 'member', id: member.id, role: 'member' }, member.tokenVersion);
    return { token, expiresIn, isNewMember: isNew, member: await this.members.card(member.id) };
  }

  /**
   * The demo seed's shoppers (demo/demo-seed.ts): the member a first WeChat login with this openid
   * creates (same transaction: signals, rollups, webhook), without asking WeChat. Never in production
   * (the demo is off there). Returns the member id; an existing openid's member is returned as is.
   */
  async createDemoMember(openid: string): Promise<string> {
    const session: WechatSession = { openid, sessionKey: randomBytes(16).toString('base64') };
    const { member } = await this.findOrCreateMember(session, { code: `dev:${openid}` }, { ip: null, deviceId: null }, null);
    return member.id;
  }

  private async findOrCreateMember(
    session: WechatSession,
    req: WechatLoginRequest,
    client: SignupClient,
    riskRank: number | null,
  ): Promise<{ member: Member; isNew: boolean }> {
    // A unique clash on member_no / invite_code (random) is retried with fresh draws; a clash
    // on openid means a concurrent first login of the same person won, and the next attempt
    // finds their row and logs them in (the `existing` branch), it does not insert again.
    return inTransaction(
      this.db,
      async (tx) => {
        const existing = await this.memberRows.findByOpenid(tx, session.openid);
        if (existing) {
          if (existing.status === 'deleted') throw DomainError.forbidden('this membership was closed');
          await this.memberRows.setSessionKeyCipher(tx, existing.id, this.crypto.encrypt(session.sessionKey, existing.id));
          return { member: existing, isNew: false };
        }
        const referrerId = await this.inviterFor(tx, req);
        const id = randomUUID();
        await this.memberRows.insert(tx, {
          id,
          memberNo: memberNumberFromBytes(randomBytes(9)),
          openid: session.openid,
          unionid: session.unionid ?? null,
          sessionKeyCipher: this.crypto.encrypt(session.sessionKey, id),
          inviteCode: newInviteCode(),
          referrerId,
          registrationChannel: referrerId ? 'referral' : req.scene ? 'scene' : 'wechat',
          codeSecret: randomBytes(20),
        });
        // No welcome gifts here: they commit with the first consent (MembersService.acceptConsent).
        // The sign-up signals commit with the member: exactly once, never without it.
        await this.signals.record(tx, id, client, riskRank);
        await this.analytics.memberRegistered(tx, id);
        const created = await this.memberRows.findByIdOrFail(tx, id);
        await this.webhooks.emit(tx, {
          type: 'member.registered',
          memberId: id,
          data: {
            memberId: id,
            memberNo: created.memberNo,
            tier: created.tierCode,
            registeredAt: created.createdAt.toISOString(),
          },
        });
        return { member: created, isNew: true };
      },
      { retryOnUnique: ['member_openid_key', 'member_member_no_key', 'member_invite_code_key'] },
    );
  }

  /**
   * The inviter named by `inviteCode` (or an invite code carried in `scene`). Only a member
   * who is new at this moment gets bound, so "first inviter wins", self-referral and cycles are
   * impossible here; an unknown code is ignored rather than failing the login.
   */
  private async inviterFor(tx: EntityManager, req: WechatLoginRequest): Promise<string | null> {
    const code = req.inviteCode ?? (req.scene?.startsWith('i=') ? req.scene.slice(2) : undefined);
    if (!code || !isValidInviteCode(code)) return null;
    const inviter = await this.memberRows.findActiveByInviteCode(tx, code);
    return inviter?.id ?? null;
  }

  /**
   * Password login with a per-account lockout: the attempt is counted (in PostgreSQL, shared by
   * every instance) BEFORE the password is verified, so of any number of concurrent guesses at
   * most the budget are verified; past it the account is locked until the window closes, and
   * the right password is refused too. The right password within the budget clears the count.
   */
  async staffLogin(username: string, password: string): Promise<StaffLoginResponse> {
    const staff = await this.staffRows.byUsername(this.db, username);
    const attempt = await this.limiter.hit('staffPassword', username);
    if (!attempt.allowed) {
      throw new RateLimitedError(
        'too many wrong passwords; this account is locked for a while',
        attempt.retryAfterSeconds,
        'ACCOUNT_LOCKED',
      );
    }
    const ok = await verifyPassword(password, staff?.passwordHash ?? DUMMY_HASH);
    if (!staff || !ok || staff.disabled) {
      if (staff && attempt.count === attempt.budget) {
        // The guess that used up the budget locks the account: recorded once per lockout.
        await inTransaction(this.db, (tx) =>
          this.audit.record(tx, {
            actorType: 'system',
            actorId: null,
            action: 'staff.lockout',
            targetType: 'staff',
            targetId: staff.id,
            details: { failures: attempt.count, lockedForSeconds: attempt.retryAfterSeconds },
          }),
        );
      }
      throw new DomainError('INVALID_CREDENTIALS', 'wrong username or password');
    }
    await this.limiter.reset('staffPassword', username);
    const { token, expiresIn } = await this.tokens.sign(
      { kind: 'staff', id: staff.id, role: staff.role, storeId: staff.storeId },
      staff.tokenVersion,
    );
    return { token, expiresIn, staff: toStaffView(staff) };
  }

  /**
   * `opts.demoSeed`: the demo seed's well-known sandbox passwords (`admin1234` …) are exempt from the
   * password policy — only the demo seed passes it; production never seeds the demo.
   */
  async createStaff(
    actor: StaffPrincipal | null,
    req: CreateStaffRequest,
    opts: { demoSeed?: boolean } = {},
  ): Promise<StaffView> {
    const problem = staffStoreProblem(req.role, req.storeId);
    if (problem) throw DomainError.validation(problem);
    if (!opts.demoSeed) assertPasswordPolicy(req.password, req.username);
    const passwordHash = await hashPassword(req.password);
    try {
      return await inTransaction(this.db, async (tx) => {
        if (req.storeId && !(await this.stores.exists(tx, req.storeId))) throw DomainError.notFound('store');
        const saved = await this.staffRows.create(tx, {
          username: req.username,
          passwordHash,
          role: req.role,
          storeId: req.storeId ?? null,
        });
        await this.audit.record(tx, {
          actorType: actor ? 'staff' : 'system',
          actorId: actor?.id ?? null,
          action: 'staff.create',
          targetType: 'staff',
          targetId: saved.id,
          details: { role: saved.role, storeId: saved.storeId },
        });
        return toStaffView(saved);
      });
    } catch (err) {
      if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'staff_username_key') {
        throw new DomainError('USERNAME_TAKEN', 'this username is taken');
      }
      throw err;
    }
  }

  async listStaff(): Promise<StaffAccountView[]> {
    const rows = await this.staffRows.all(this.db);
    return rows.map(toStaffAccountView);
  }

  /** HUIYUAN_BOOTSTRAP_ADMIN: create that admin once; never overwrite an existing account. */
  async ensureBootstrapAdmin(username: string, password: string): Promise<void> {
    if (await this.staffRows.existsByUsername(this.db, username)) return;
    try {
      await this.createStaff(null, { username, password, role: 'admin' });
      this.logger.log(`bootstrap admin "${username}" created`);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'USERNAME_TAKEN')) throw err;
    }
  }
}
