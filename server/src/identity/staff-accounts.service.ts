// Staff accounts after creation (role, store, status, password reset) and logout for everyone.
// Ending sessions means bumping the account's token version (see auth.guard.ts).
import { Inject, Injectable } from '@nestjs/common';
import { decideStaffChange, type StaffAccountView, type UpdateStaffRequest } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal, StaffPrincipal } from '../common/auth.js';
import { DomainError, refusal } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { toStaffAccountView } from './identity.service.js';
import { assertPasswordPolicy, hashPassword } from './password.js';
import { StoreRepository } from '../stores/store.repository.js';
import { StaffRepository } from './staff.repository.js';
import { MemberRepository } from '../members/member.repository.js';

@Injectable()
export class StaffAccountsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly stores: StoreRepository,
    private readonly staffRows: StaffRepository,
    private readonly memberRows: MemberRepository,
  ) {}

  async update(actor: StaffPrincipal, id: string, req: UpdateStaffRequest): Promise<StaffAccountView> {
    return inTransaction(this.db, async (tx) => {
      // Invariant "at least one active admin": every active admin row is locked (in id order, so
      // two admins changing each other cannot deadlock) before counting them, so concurrent
      // demotions or disablings are decided one after the other, never both on a stale count.
      const activeAdmins = await this.staffRows.lockActiveAdmins(tx);
      const target = await this.staffRows.lockById(tx, id);
      if (!target) throw DomainError.notFound('staff account');
      const decision = decideStaffChange({
        actorId: actor.id,
        target: {
          id: target.id,
          role: target.role,
          storeId: target.storeId,
          status: target.disabled ? 'disabled' : 'active',
        },
        change: req,
        activeAdminIds: activeAdmins.map((a) => a.id),
      });
      if (!decision.ok) {
        if (decision.code === 'VALIDATION_FAILED') throw DomainError.validation(decision.message);
        throw refusal(decision.code, decision.message);
      }
      if (!decision.changed) return toStaffAccountView(target);
      const { next } = decision;
      if (next.storeId && next.storeId !== target.storeId && !(await this.stores.exists(tx, next.storeId))) {
        throw DomainError.notFound('store');
      }
      await this.staffRows.update(tx, id, {
        role: next.role,
        storeId: next.storeId,
        disabled: next.status === 'disabled',
        ...(decision.endSessions ? { tokenVersion: target.tokenVersion + 1 } : {}),
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'staff.update',
        targetType: 'staff',
        targetId: id,
        details: {
          before: { role: target.role, storeId: target.storeId, status: target.disabled ? 'disabled' : 'active' },
          after: { role: next.role, storeId: next.storeId, status: next.status },
          sessionsEnded: decision.endSessions,
        },
      });
      return toStaffAccountView(await this.staffRows.byIdOrFail(tx, id));
    });
  }

  /** An admin sets a new password; the account's sessions end. The password is never logged or audited. */
  async resetPassword(actor: StaffPrincipal, id: string, password: string): Promise<void> {
    const target = await this.staffRows.byId(this.db, id);
    if (!target) throw DomainError.notFound('staff account');
    assertPasswordPolicy(password, target.username);
    // Hashed before the transaction: scrypt takes ~50 ms and must not hold a row lock.
    const passwordHash = await hashPassword(password);
    await inTransaction(this.db, async (tx) => {
      await this.staffRows.update(tx, id, { passwordHash });
      await this.staffRows.bumpTokenVersion(tx, id);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'staff.password_reset',
        targetType: 'staff',
        targetId: id,
      });
    });
  }

  /** Ends every session of the caller's account (all devices): the token version moves on. */
  async logout(principal: Principal): Promise<void> {
    if (principal.kind === 'member') await this.memberRows.bumpTokenVersion(this.db.manager, principal.id);
    else await this.staffRows.bumpTokenVersion(this.db.manager, principal.id);
  }
}
