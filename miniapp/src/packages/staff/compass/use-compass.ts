// The store compass's data: who may see it, the programme timezone's today, the period and store
// picked, the KPIs of the period, the daily series for the charts, and the top segments (shown only
// when `GET /admin/segments` answers).
import { useCallback, useEffect, useState } from 'react';
import type { KpiResponse, KpiSeriesItem, LocalDate, StaffView, StoreView } from '@huiyuan/shared';
import { toLocalDate } from '@huiyuan/shared';
import { api } from '../../../services/api';
import { errorMessage } from '../../../services/errors';
import { getSession } from '../../../services/session';
import { relaunch, ROUTES } from '../../../services/routes';
import { chartRange, periodRange, topSegments, type PeriodKey, type SegmentSummary } from './figures';

export type CompassAccess = 'loading' | 'allowed' | 'denied';

/** Managers see their own store; admins all stores or one they pick; cashiers are refused. */
export function compassAccess(staff: StaffView | null): CompassAccess {
  if (!staff) return 'loading';
  return staff.role === 'manager' || staff.role === 'admin' ? 'allowed' : 'denied';
}

const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export function useCompass(now: () => Date = () => new Date()) {
  const [staff, setStaff] = useState<StaffView | null>(null);
  const [today, setToday] = useState<LocalDate | null>(null);
  const [stores, setStores] = useState<StoreView[]>([]);
  const [storeId, setStoreId] = useState<string | null>(null);
  const [period, setPeriod] = useState<PeriodKey>('today');
  const [kpis, setKpis] = useState<KpiResponse | null>(null);
  const [series, setSeries] = useState<KpiSeriesItem[] | null>(null);
  const [segments, setSegments] = useState<SegmentSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [reloads, setReloads] = useState(0);

  const access = compassAccess(staff);

  useEffect(() => {
    const session = getSession();
    if (session?.kind !== 'staff') return relaunch(ROUTES.login);
    setStaff(session.staff);
  }, []);

  // Today in the programme timezone (public GET /programme), the stores, the segments: once.
  useEffect(() => {
    if (access !== 'allowed') return;
    let live = true;
    void api
      .getProgramme()
      .then((p) => p.timezone)
      .catch(() => DEFAULT_TIMEZONE)
      .then((tz) => live && setToday(toLocalDate(now(), tz)));
    void api
      .getStores()
      .then((r) => live && setStores(r.items))
      .catch(() => undefined);
    // Another module's endpoint: the section is shown only when it answers.
    void api
      .getSegments()
      .then((r) => live && setSegments(topSegments(r.items)))
      .catch(() => live && setSegments(null));
    return () => {
      live = false;
    };
    // once per page
  }, [access]);

  useEffect(() => {
    if (access !== 'allowed' || !today) return;
    let live = true;
    const scope = staff?.role === 'admin' && storeId ? { storeId } : {};
    setLoading(true);
    setError(null);
    Promise.all([
      api.getKpis({ ...periodRange(today, period), ...scope }),
      api.getKpiSeries({ ...chartRange(today, period), ...scope, granularity: 'day' }),
    ])
      .then(([k, s]) => {
        if (!live) return;
        setKpis(k);
        setSeries(s.items);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [access, today, period, storeId, staff, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  const storeName =
    staff?.role === 'admin'
      ? storeId
        ? (stores.find((s) => s.id === storeId)?.name ?? '')
        : '全部门店'
      : (stores.find((s) => s.id === staff?.storeId)?.name ?? '本店');

  return {
    staff,
    access,
    today,
    period,
    setPeriod,
    stores,
    storeId,
    setStoreId,
    storeName,
    kpis,
    series,
    segments,
    error,
    loading,
    reload,
  };
}
