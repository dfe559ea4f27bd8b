// Member lookup for operators: by member number, nickname or full phone (matched through its
// HMAC, so the phone is never decrypted to search). Managers see members of their own store
// (registered there or bought there); admins see everyone. Lookups are audited.
import { Inject, Injectable } from '@nestjs/common';
import type { Page } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { CryptoService } from '../common/crypto.service.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { inTransaction } from '../common/transaction.js';

export interface AdminMemberView {
  id: string;
  memberNo: string;
  nickname: string | null;
  phoneMasked: string | null;
  tier: string;
  points: number;
  growth: number;
  status: string;
  createdAt: string;
}

const PAGE = 20;

@Injectable()
export class AdminMembersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
  ) {}

  async search(viewer: StaffPrincipal, q: string | undefined, cursor: string | undefined): Promise<Page<AdminMemberView>> {
    const after = cursor ? decodeCursor(cursor) : null;
    const term = q?.trim() ?? '';
    const params: unknown[] = [];
    const where: string[] = ["m.status <> 'deleted'"];
    if (term) {
      params.push(term, this.crypto.lookupHash(term), `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(m.member_no = $1 OR m.phone_hmac = $2 OR m.nickname ILIKE $3)`);
    }
    if (viewer.role !== 'admin') {
      params.push(viewer.storeId);
      const p = `$${params.length}`;
      where.push(
        `(m.registration_store_id = ${p} OR EXISTS (SELECT 1 FROM member_order o WHERE o.member_id = m.id AND o.store_id = ${p}))`,
      );
    }
    if (after) {
      params.push(after.t, after.id);
      where.push(`(m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(PAGE + 1);
    const rows: {
      id: string;
      member_no: string;
      nickname: string | null;
      phone_masked: string | null;
      tier_code: string;
      points: number;
      growth: number;
      status: string;
      created_at: Date;
    }[] = await this.db.query(
      `SELECT m.id, m.member_no, m.nickname, m.phone_masked, m.tier_code, m.points, m.growth, m.status, m.created_at
           FROM member m WHERE ${where.join(' AND ')} ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.length}`,
      params,
    );
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
