// A refund at the till: order number, refund number (proposed, editable; the server is idempotent
// on it, so a retry after a lost answer refunds once), amount in yuan.
import type { RefundResponse } from '@huiyuan/shared';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { tillNumber } from '../services/till-numbers';
import { parseYuan } from '../services/yuan';
import { useAsyncAction } from './use-async-action';

const REFUND_MESSAGES = { NOT_FOUND: '未找到该订单，请核对订单号（只能退本店的订单）' } as const;

function orderNoFromRoute(): string {
  const value = Taro.getCurrentInstance()?.router?.params?.orderNo;
  if (typeof value !== 'string') return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // already decoded and containing a bare '%'
  }
}

export function useRefund() {
  const [orderNo, setOrderNo] = useState(orderNoFromRoute);
  const [refundNo, setRefundNo] = useState(() => tillNumber('RF', new Date()));
  const [amount, setAmount] = useState('');
  const [result, setResult] = useState<RefundResponse | null>(null);

  const submitAction = useCallback(async () => {
    const order = orderNo.trim();
    const refund = refundNo.trim();
    if (!order) throw new Error('请输入原订单号');
    if (!refund) throw new Error('请输入退款单号');
    const parsed = parseYuan(amount);
    if (!parsed.ok) throw new Error(parsed.message);
    try {
      setResult(await api.createRefund(order, { refundNo: refund, amount: parsed.fen }));
    } catch (err) {
      throw new Error(errorMessage(err, REFUND_MESSAGES), { cause: err });
    }
  }, [orderNo, refundNo, amount]);
  const submit = useAsyncAction(submitAction);

  /** Another refund (of the same or another order) gets a new refund number. */
  const again = useCallback(() => {
    setResult(null);
    setAmount('');
    setRefundNo(tillNumber('RF', new Date()));
  }, []);

  return {
    orderNo,
    setOrderNo,
    refundNo,
    setRefundNo,
    amount,
    setAmount,
    result,
    submit: submit.run,
    busy: submit.busy,
    error: submit.error,
    again,
  };
}
