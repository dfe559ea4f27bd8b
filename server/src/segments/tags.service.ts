// Manual tags (标签): admins create them and put them on members; managers read them with the
// counts of their own store's members. Every change is audited in its transaction. docs/segments.md.
import { Inject, Injectable } from '@nestjs/common';
import type { ExportRow, TagView } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { MemberRepository } from '../members/member.repository.js';
import { TagRepository, type TagRow } from './tag.repository.js';

const view = (r: TagRow): TagView => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString() });

@Injectable()
export class TagsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly tags: TagRepository,
    private readonly members: MemberRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: StaffPrincipal, name: string): Promise<TagView> {
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > 32) throw DomainError.validation('name: 1 to 32 characters', [{ field: 'name' }]);
    return inTransaction(this.db, async (tx) => {
      const row = await this.tags.insert(tx, trimmed, actor.id);
      if (!row) throw new DomainError('TAG_NAME_TAKEN', `a tag named ${trimmed} exists`);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'tag.create',
        targetType: 'tag',
        targetId: row.id,
      });
      return { id: row.id, name: row.name };
    });
  }

  async list(viewer: StaffPrincipal): Promise<{ items: TagView[] }> {
    const rows = await this.tags.list(this.db, viewer.role === 'admin' ? null : viewer.storeId);
    return { items: rows.map((r) => ({ ...view(r), memberCount: r.member_count })) };
  }

  /** Idempotent: tags already on the member stay; the answer is the member's tags afterwards. */
  async assign(actor: StaffPrincipal, memberId: string, tagIds: string[]): Promise<{ tags: TagView[] }> {
    const ids = [...new Set(tagIds)];
    return inTransaction(this.db, async (tx) => {
      // Locked: an erasure committing meanwhile must not be followed by a tag on the erased member.
      await this.liveMember(tx, memberId, true);
      const found = await this.tags.existing(tx, ids);
      const missing = ids.filter((id) => !found.includes(id));
      if (missing.length)
        throw new DomainError(
          'NOT_FOUND',
          'tag not found',
          missing.map((tagId) => ({ tagId })),
        );
      const added = await this.tags.assign(tx, memberId, ids, actor.id);
      if (added.length) {
        await this.audit.record(tx, {
          actorType: 'staff',
          actorId: actor.id,
          action: 'member.tags.add',
          targetType: 'member',
          targetId: memberId,
          details: { tagIds: added },
        });
      }
      return { tags: (await this.tags.ofMember(tx, memberId)).map(view) };
    });
  }

  /** Idempotent: removing a tag the member does not carry is not an error. */
  async unassign(actor: StaffPrincipal, memberId: string, tagId: string): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await this.liveMember(tx, memberId);
      if (await this.tags.unassign(tx, memberId, tagId)) {
        await this.audit.record(tx, {
          actorType: 'staff',
          actorId: actor.id,
          action: 'member.tags.remove',
          targetType: 'member',
          targetId: memberId,
          details: { tagId },
        });
      }
    });
  }

  ofMember(db: EntityManager | DataSource, memberId: string): Promise<TagView[]> {
    return this.tags.ofMember(db, memberId).then((rows) => rows.map(view));
  }

  /** GET /me/export: the tags on the member. */
  exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return this.tags.exportFor(tx, memberId);
  }

  /** Erasure (DELETE /me): the member's tags are dropped. */
  forget(tx: EntityManager, memberId: string): Promise<number> {
    return this.tags.forget(tx, memberId);
  }

  private async liveMember(tx: EntityManager, memberId: string, lock = false): Promise<void> {
    const m = lock ? await this.members.lock(tx, memberId) : await this.members.findById(tx, memberId);
    if (!m || m.status === 'deleted') throw DomainError.notFound('member');
  }
}
