// The member_identification table: identifications issued at the till, and the lookup a
// spending order makes under the member lock. Rules (what is valid, what spends) are in
// shared/src/rules/presence.ts.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  checkPresence,
  identificationExpiresAt,
  type Identification,
  type IdentificationMethod,
  type IdentificationView,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { IdentificationRepository } from './identification.repository.js';

const REFUSAL_MESSAGES = {
  missing: 'spending points, coupons or balance needs the member present: identify them first (identificationId)',
  unknown: 'no such identification: identify the member again',
  other_member: 'this identification is for another member',
  other_store: 'this identification was made at another store',
  expired: 'the identification has expired (10 minutes): scan the member code again',
} as const;

@Injectable()
export class PresenceService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly identifications: IdentificationRepository,
  ) {}

  async issue(
    memberId: string,
    storeId: string,
    staffId: string,
    method: IdentificationMethod,
    now: Date,
  ): Promise<IdentificationView> {
    const id = randomUUID();
    const expiresAt = identificationExpiresAt(now);
    await this.identifications.insert(this.db, { id, memberId, storeId, staffId, method, createdAt: now, expiresAt });
    return { id, expiresAt: expiresAt.toISOString() };
  }

  /** Throws 403 MEMBER_NOT_PRESENT unless `identificationId` proves the member present here now. */
  async assertPresent(
    tx: EntityManager,
    identificationId: string | undefined,
    memberId: string,
    storeId: string,
    now: Date,
  ): Promise<void> {
    let found: Identification | null = null;
    if (identificationId) {
      const row = await this.identifications.byId(tx, identificationId);
      if (row) found = { memberId: row.member_id, storeId: row.store_id, expiresAt: row.expires_at };
    }
    const verdict = checkPresence(found, { memberId, storeId, sent: Boolean(identificationId) }, now);
    if (!verdict.ok) {
      throw new DomainError(verdict.code, REFUSAL_MESSAGES[verdict.reason ?? 'missing'], [{ reason: verdict.reason }]);
    }
  }

  /** Identifications a day past their expiry prove nothing any more (housekeeping job). */
  async pruneExpired(now = new Date()): Promise<{ deleted: number }> {
    return { deleted: await this.identifications.pruneExpired(this.db, now) };
  }
}
