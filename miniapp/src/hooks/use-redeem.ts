// 核销礼品券 at the till: the cashier scans (weapp) or types the member's gift-coupon code. Opened
// from an identified member (`?memberId=&code=`) the coupon must be theirs.
import type { Coupon } from '@huiyuan/shared';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { api } from '../services/api';
import { cleanCouponCode } from '../services/coupons';
import { errorMessage } from '../services/errors';
import { ApiError } from '../services/http';
import { routeParam } from '../services/routes';
import { useAsyncAction } from './use-async-action';

const REDEEM_MESSAGES = {
  NOT_FOUND: '未找到该优惠券，请核对券码',
  COUPON_ALREADY_USED: '该券已核销过，不能重复使用',
  COUPON_EXPIRED: '该券已过期，不能核销',
  VALIDATION_FAILED: '券码有误，请核对后重新输入',
} as const;

/** Why the server would not redeem it here, from the refusal's `details[].reason`. */
const NOT_APPLICABLE_REASONS: Record<string, string> = {
  not_gift: '这是满减/折扣券，请在收银时勾选使用',
  not_yet_valid: '该券尚未到使用时间',
  store_not_eligible: '该券不适用于本店',
  tier_too_low: '会员等级不满足该券的使用条件',
};

export function redeemErrorMessage(err: unknown): string {
  if (err instanceof ApiError && err.code === 'COUPON_NOT_APPLICABLE') {
    const reason = (err.details ?? [])
      .map((d) => (d && typeof d === 'object' ? (d as { reason?: unknown }).reason : undefined))
      .find((r): r is string => typeof r === 'string');
    return (reason && NOT_APPLICABLE_REASONS[reason]) ?? '该券不能在此核销';
  }
  return errorMessage(err, REDEEM_MESSAGES);
}

export function useRedeem() {
  const [memberId] = useState(() => routeParam('memberId'));
  const [code, setCode] = useState(() => routeParam('code'));
  const [result, setResult] = useState<Coupon | null>(null);

  const submitAction = useCallback(
    async (raw: string) => {
      const couponCode = cleanCouponCode(raw);
      if (!couponCode) throw new Error('券码有误：应为 15 位字母数字（不含 0、O、1、I、L），请核对');
      try {
        const res = await api.redeemCoupon({ couponCode, ...(memberId ? { memberId } : {}) });
        setResult(res.coupon);
      } catch (err) {
        throw new Error(redeemErrorMessage(err), { cause: err });
      }
    },
    [memberId],
  );
  const submit = useAsyncAction(submitAction);

  /** Weapp: the camera; the scanned code (the coupon page's QR) is redeemed at once. */
  const scan = useCallback(async () => {
    let scanned: string;
    try {
      scanned = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] })).result;
    } catch {
      return; // the cashier closed the scanner
    }
    setCode(scanned);
    await submit.run(scanned);
  }, [submit]);

  const again = useCallback(() => {
    setResult(null);
    setCode('');
    submit.setError(null);
  }, [submit]);

  return {
    code,
    setCode,
    forMember: memberId !== '',
    result,
    submit: () => submit.run(code),
    scan,
    busy: submit.busy,
    error: submit.error,
    again,
  };
}
