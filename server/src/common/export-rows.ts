// Rows for a member's data export (GET /me/export): the owning service selects its own table's
// rows, this turns them into plain JSON — camelCase keys, ISO dates, and binary columns (secrets,
// ciphertexts, images) left out, since an export shows data, not key material.
import type { ExportRow } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function toExportRow(row: Record<string, unknown>, omit: readonly string[] = []): ExportRow {
  const out: ExportRow = {};
  for (const [key, value] of Object.entries(row)) {
    if (omit.includes(key) || Buffer.isBuffer(value)) continue;
    out[camel(key)] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** Runs a SELECT of the caller's rows and returns them as export rows. */
export async function exportRows(
  tx: Pick<EntityManager, 'query'>,
  sql: string,
  params: unknown[],
  omit: readonly string[] = [],
): Promise<ExportRow[]> {
  const rows: Record<string, unknown>[] = await tx.query(sql, params);
  return rows.map((r) => toExportRow(r, omit));
}
