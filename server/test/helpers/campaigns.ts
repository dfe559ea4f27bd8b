// Campaign test worlds: many consenting members inserted at once, tagged so that one segment
// (`tag_any`) holds exactly them.
import { CURRENT_PRIVACY_POLICY } from '../../src/members/privacy-policy.js';
import type { DataSource } from 'typeorm';
import type { LoggedInStaff } from './factories.js';
import { uniqueId } from './factories.js';
import type { TestApp } from './test-app.js';

/** `n` active, consenting members (openid `bulk-<tag>-<i>`), all carrying a new tag; their ids in id order. */
export async function bulkMembers(db: DataSource, n: number, tagId: string): Promise<string[]> {
  const tag = uniqueId('c');
  const rows: { id: string }[] = await db.query(
    `INSERT INTO member (member_no, openid, invite_code, registration_channel, code_secret, consent_version, consent_at)
     SELECT $2 || lpad(g::text, 8, '0'), 'bulk-' || $2 || '-' || g, 'C' || $2 || g, 'wechat', '\\x00'::bytea, $3, now()
       FROM generate_series(1, $1::int) AS g
     RETURNING id`,
    [n, tag, CURRENT_PRIVACY_POLICY.version],
  );
  await db.query(`INSERT INTO member_tag (member_id, tag_id) SELECT unnest($1::uuid[]), $2`, [rows.map((r) => r.id), tagId]);
  return rows.map((r) => r.id).sort();
}

/** A tag and a segment of exactly its members. */
export async function taggedSegment(
  t: Pick<TestApp, 'http'>,
  admin: LoggedInStaff,
): Promise<{ tagId: string; segmentId: string }> {
  const tag = await t.http
    .post('/api/v1/admin/tags')
    .set(admin.auth)
    .send({ name: uniqueId('t') })
    .expect(201);
  const tagId = tag.body.id as string;
  const seg = await t.http
    .post('/api/v1/admin/segments')
    .set(admin.auth)
    .send({ name: uniqueId('seg'), conditions: { all: [{ code: 'tag_any', args: { tagIds: [tagId] } }] } })
    .expect(201);
  return { tagId, segmentId: seg.body.id as string };
}
