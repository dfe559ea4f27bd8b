// The consent_record table's SQL (members/ owns it).
import { Injectable } from '@nestjs/common';
import type { ExportRow } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { ConsentRecord } from './consent-record.entity.js';

@Injectable()
export class ConsentRecordRepository {
  everAccepted(tx: EntityManager, memberId: string): Promise<boolean> {
    return tx.existsBy(ConsentRecord, { memberId, action: 'accept' });
  }

  recordAccept(tx: EntityManager, memberId: string, version: string): Promise<ConsentRecord> {
    return tx.save(tx.create(ConsentRecord, { memberId, version, action: 'accept' }));
  }

  async recordWithdraw(tx: EntityManager, memberId: string, version: string): Promise<void> {
    await tx.insert(ConsentRecord, { memberId, version, action: 'withdraw' });
  }

  exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      'SELECT version, action, recorded_at FROM consent_record WHERE member_id = $1 ORDER BY recorded_at, id',
      [memberId],
    );
  }
}
