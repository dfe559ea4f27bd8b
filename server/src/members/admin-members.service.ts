// Member lookup for operators: by member number, nickname or full phone (matched through its
// HMAC, so the phone is never decrypted to search). Managers see members of their own store
// (registered there or bought there); admins see everyone. Lookups are audited.
import { Inject, Injectable } from '@nestjs/common';
import type { AdminMemberView, Page } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { CryptoService } from '../common/crypto.service.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { inTransaction } from '../common/transaction.js';
import { MemberRepository } from './member.repository.js';

const PAGE = 20;

@Injectable()
export class AdminMembersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly members: MemberRepository,
  ) {}

  async search(viewer: StaffPrincipal, q: string | undefined, cursor: string | undefined): Promise<Page<AdminMemberView>> {
    const after = cursor ? decodeCursor(cursor) : null;
    const term = q?.trim() ?? '';
    const rows = await this.members.search(this.db, {
      ...(term ? { term, termHash: this.crypto.lookupHash(term) } : {}),
      ...(viewer.role !== 'admin' ? { storeId: viewer.storeId } : {}),
      after,
      limit: PAGE + 1,
    });
    const page = rows.slice(0, PAGE);
    if (term) {
      await inTransaction(this.db, (tx) =>
        this.audit.record(tx, {
          actorType: 'staff',
          actorId: viewer.id,
          action: 'member.search',
          details: { results: page.length },
        }),
      );
    }
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        memberNo: r.member_no,
        nickname: r.nickname,
        phoneMasked: r.phone_masked,
        tier: r.tier_code,
        points: r.points,
        growth: r.growth,
        status: r.status,
        createdAt: r.created_at.toISOString(),
      })),
      nextCursor: rows.length > PAGE && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }
}
