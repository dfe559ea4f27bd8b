// The tag and member_tag tables' SQL (segments/ owns them). A manager's counts are limited to the
// members of their store (registered there or ordered there: the analytics rollups).
import { Injectable } from '@nestjs/common';
import { storeMembersSql, type ExportRow } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { returning } from '../common/sql.js';
import { exportRows } from '../common/export-rows.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

export interface TagRow {
  id: string;
  name: string;
  created_at: Date;
}

@Injectable()
export class TagRepository {
  /** The new tag, or null when the name is taken (the unique index decides, races included). */
  async insert(tx: Db, name: string, createdBy: string): Promise<TagRow | null> {
    const rows: TagRow[] = await tx.query(
      `INSERT INTO tag (name, created_by) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at`,
      [name, createdBy],
    );
    return rows[0] ?? null;
  }

  /** Every tag with how many members carry it (of `storeId`'s members when given). */
  list(db: Db, storeId: string | null): Promise<(TagRow & { member_count: number })[]> {
    const scope = storeId === null ? '' : ` AND ${storeMembersSql('$1::uuid[]')}`;
    return db.query(
      `SELECT t.id, t.name, t.created_at,
              (SELECT count(*)::int FROM member_tag mt JOIN member m ON m.id = mt.member_id
                WHERE mt.tag_id = t.id${scope}) AS member_count
         FROM tag t ORDER BY t.name`,
      storeId === null ? [] : [[storeId]],
    );
  }

  /** Those of `ids` that are tags. */
  async existing(db: Db, ids: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await db.query('SELECT id FROM tag WHERE id = ANY($1::uuid[])', [ids]);
    return rows.map((r) => r.id);
  }

  /** Puts the tags on the member; a tag already there is left as it was. Returns the tags added. */
  async assign(tx: Db, memberId: string, tagIds: readonly string[], by: string): Promise<string[]> {
    const rows: { tag_id: string }[] = await tx.query(
      `INSERT INTO member_tag (member_id, tag_id, created_by) SELECT $1, t, $3 FROM unnest($2::uuid[]) AS t
        ON CONFLICT (member_id, tag_id) DO NOTHING RETURNING tag_id`,
      [memberId, tagIds, by],
    );
    return rows.map((r) => r.tag_id);
  }

  /** True when the tag was on the member. */
  async unassign(tx: Db, memberId: string, tagId: string): Promise<boolean> {
    const rows = await returning(tx, 'DELETE FROM member_tag WHERE member_id = $1 AND tag_id = $2 RETURNING tag_id', [
      memberId,
      tagId,
    ]);
    return rows.length > 0;
  }

  ofMember(db: Db, memberId: string): Promise<TagRow[]> {
    return db.query(
      `SELECT t.id, t.name, t.created_at FROM member_tag mt JOIN tag t ON t.id = mt.tag_id WHERE mt.member_id = $1 ORDER BY t.name`,
      [memberId],
    );
  }

  /** The member's tags for GET /me/export. */
  exportFor(tx: Db, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT t.name AS tag, mt.created_at FROM member_tag mt JOIN tag t ON t.id = mt.tag_id WHERE mt.member_id = $1 ORDER BY t.name`,
      [memberId],
    );
  }

  /** Erasure: the member's tags go (they are data about the person). */
  async forget(tx: Db, memberId: string): Promise<number> {
    const rows = await returning(tx, 'DELETE FROM member_tag WHERE member_id = $1 RETURNING tag_id', [memberId]);
    return rows.length;
  }
}
