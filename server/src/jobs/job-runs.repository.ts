// The job queue's own tables, read (pgboss.job: pg-boss writes them; jobs/ is the only reader).
// pg-boss 10 keeps finished jobs in pgboss.job until its retention deletes them.
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

export interface JobRunRow {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

@Injectable()
export class JobRunsRepository {
  /** The latest `perJob` runs of each named queue, newest first. */
  latest(db: Pick<DataSource | EntityManager, 'query'>, names: string[], perJob: number): Promise<JobRunRow[]> {
    return db.query(
      `SELECT id, name, state, created_on, started_on, completed_on FROM (
         SELECT j.id::text AS id, j.name, j.state::text AS state, j.created_on, j.started_on, j.completed_on,
                row_number() OVER (PARTITION BY j.name ORDER BY j.created_on DESC) AS n
           FROM pgboss.job j WHERE j.name = ANY($1::text[])) r
        WHERE n <= $2 ORDER BY name, created_on DESC`,
      [names, perJob],
    );
  }
}
