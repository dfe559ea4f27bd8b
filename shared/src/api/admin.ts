export interface StoreView {
  id: string;
  name: string;
  address: string | null;
  /** ISO 4217 when the store trades in a currency of its own; null = the programme's currency. */
  currency: string | null;
}
export interface CreateStoreRequest {
  name: string;
  address?: string;
  currency?: string | null;
}
/** PATCH /admin/stores/:storeId — only the fields given change; `address`/`currency` null clears them. */
export interface UpdateStoreRequest {
  name?: string;
  address?: string | null;
  currency?: string | null;
}

/** `GET /admin/stores` (a manager: their own store). */
export interface StoreListResponse {
  items: StoreView[];
}

/** `POST /admin/jobs/:name/run`: the job ran inline; `result` is what that job reports (null when nothing). */
export interface JobRunResponse {
  job: string;
  /** Milliseconds the run took. */
  ms: number;
  result: unknown;
}

/** One `audit_log` row (`GET /admin/audit-log`): actor, action and target ids and counts — never personal data. */
export interface AuditLogEntry {
  id: string;
  actorType: 'staff' | 'member' | 'system';
  actorId: string | null;
  /** `lottery.create`, `member.view`, `job.run`, … */
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** `GET /admin/audit-log?cursor=&action=&actorId=&limit=`, newest first (keyset on createdAt, id). */
export interface AuditLogPage {
  items: AuditLogEntry[];
  nextCursor: string | null;
}

/** A pg-boss run of a job (its queue's row). */
export interface JobRunView {
  id: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

/** A scheduled job: its cron (programme timezone) and its latest queue runs, newest first. */
export interface JobView {
  name: string;
  cron: string;
  /** Empty when the queue does not run here (HUIYUAN_JOBS=0) or the job has not run yet. */
  runs: JobRunView[];
}

/** `GET /admin/jobs`. */
export interface JobListResponse {
  items: JobView[];
  /** Whether this server runs the job queue (HUIYUAN_JOBS). */
  queueRunning: boolean;
}
