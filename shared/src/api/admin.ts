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
