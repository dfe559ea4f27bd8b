// 储值设置: the form's values → the PUT body (永不过期 = null), and the shared rule's problems' wording.
import type { StoredValueSettingsResponse } from '@huiyuan/shared';
import type { ProblemWording } from './rule-problems';

export interface SettingsValues {
  spendOrder: StoredValueSettingsResponse['spendOrder'];
  expiry: 'days' | 'never';
  bonusExpiryDays?: number | null;
}

export const SETTINGS_WORDING: ProblemWording = {
  spendOrder: { field: 'spendOrder', message: '请选择扣款顺序' },
  bonusExpiryDays: { field: 'bonusExpiryDays', message: '有效期须为 1–3660 天，或选择永不过期' },
};

export function toSettings(v: SettingsValues): StoredValueSettingsResponse {
  return {
    spendOrder: v.spendOrder,
    bonusExpiryDays: v.expiry === 'never' ? null : (v.bonusExpiryDays ?? Number.NaN),
  };
}
