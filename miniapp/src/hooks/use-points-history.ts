// The member's points ledger, newest first, a page at a time by cursor.
import type { PointsHistoryItem } from '@huiyuan/shared';
import { api } from '../services/api';
import { useCursorPages } from './use-cursor-pages';

export const PAGE_SIZE = 20;

const entryKey = (i: PointsHistoryItem) => i.id;
const fetchEntries = (query: { limit: number; cursor?: string }) => api.getPointsHistory(query);

export function usePointsHistory() {
  return useCursorPages(fetchEntries, entryKey, PAGE_SIZE);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-03-08 14:05` in the phone's local time. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Points expire at an instant (midnight starting the next day): the member reads the last day they are good for. */
export function lastValidDate(iso: string): string {
  return formatDateTime(new Date(Date.parse(iso) - 1).toISOString()).slice(0, 10);
}

/** `+600` / `-100`. */
export function formatDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : String(delta);
}
