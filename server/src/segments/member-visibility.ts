// Who may read a member in the console, decided once for every member-360 read (the 360 itself,
// its segments, and the check-ins and referrals in engagement/): admins any member; a manager
// only members of their store (registered there or ordered there). Anyone else — and a missing
// member — is 404, so a manager cannot tell another store's member from no member.
import type { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import type { Member } from '../members/member.entity.js';
import type { MemberRepository } from '../members/member.repository.js';
import type { SegmentRepository } from './segment.repository.js';

export async function visibleMember(
  db: DataSource,
  members: MemberRepository,
  segmentRows: SegmentRepository,
  viewer: StaffPrincipal,
  memberId: string,
): Promise<Member> {
  const m = await members.findById(db.manager, memberId);
  if (!m) throw DomainError.notFound('member');
  if (viewer.role !== 'admin' && !(viewer.storeId && (await segmentRows.memberInStore(db, memberId, viewer.storeId)))) {
    throw DomainError.notFound('member');
  }
  return m;
}
