// The stored-value screens' data: one query hook per read, the keys their writes refresh.
import { useQuery } from '@tanstack/react-query';
import {
  getMemberStoredValue,
  getSettlement,
  getStoredValueSettings,
  listStoredValuePlans,
  type SettlementQuery,
} from '../../api/stored-value';

export const STORED_VALUE_KEYS = {
  plans: ['stored-value-plans'] as const,
  settings: ['stored-value-settings'] as const,
  settlement: (q: SettlementQuery) => ['stored-value-settlement', q.from, q.to, q.storeId ?? null] as const,
  member: (memberId: string) => ['member-stored-value', memberId] as const,
};

export const useStoredValuePlans = () => useQuery({ queryKey: STORED_VALUE_KEYS.plans, queryFn: listStoredValuePlans });

export const useStoredValueSettings = () => useQuery({ queryKey: STORED_VALUE_KEYS.settings, queryFn: getStoredValueSettings });

export const useSettlement = (q: SettlementQuery, enabled: boolean) =>
  useQuery({ queryKey: STORED_VALUE_KEYS.settlement(q), queryFn: () => getSettlement(q), enabled });

export const useMemberStoredValue = (memberId: string) =>
  useQuery({
    queryKey: STORED_VALUE_KEYS.member(memberId),
    queryFn: () => getMemberStoredValue(memberId),
    enabled: Boolean(memberId),
  });
