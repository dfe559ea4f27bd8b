// The one payment flow of the mini-program (储值 top-ups and 付费会员 purchases): open the order on
// the server, pay it, then ask the server until it says paid.
//   - weapp: `Taro.requestPayment` with the signed arguments the server answered;
//   - H5 (no WeChat): a 模拟支付 step the member confirms, which asks a sandbox server to pay
//     (POST /sandbox/payments/:prepayId/pay); a 404 there means the server is not a sandbox.
// Nothing is credited by the phone: the server credits on WeChat Pay's verified notification (or its
// order query), and GET /me/payments/:outTradeNo is how we learn of it.
// One requestId per tap; a tap that failed on the network keeps its requestId, so tapping the same
// thing again replays the first order on the server instead of opening a second one.
import type { PaymentArguments, PaymentStatusResponse } from '@huiyuan/shared';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { ApiError } from '../services/http';

/** How often and how many times the server is asked after paying ("a few seconds max"). */
export const PAYMENT_POLL_MS = 1_000;
export const PAYMENT_POLL_TRIES = 6;

/** What opening an order answered: a payment to make, or none (a free trial, active at once). */
export interface PaymentOrder {
  payment?: PaymentArguments;
}

export type PaymentPhase =
  /** Nothing under way. */
  | 'idle'
  /** Opening the order on the server. */
  | 'creating'
  /** H5: waiting for the member to confirm 模拟支付. */
  | 'confirm'
  /** The WeChat payment sheet (weapp) or the sandbox payment (H5) is running. */
  | 'paying'
  /** Paid on the phone: asking the server until it has the notification. */
  | 'polling'
  /** The server says paid (or nothing was to pay). */
  | 'done'
  /** Still pending after the polls: WeChat Pay will tell the server; the member refreshes later. */
  | 'pending'
  /** The member closed the payment sheet or the 模拟支付 step. */
  | 'cancelled'
  | 'failed';

export interface PaymentState {
  phase: PaymentPhase;
  /** The order being paid (confirm … pending). */
  payment: PaymentArguments | null;
  /** The line the page shows under the action: a notice or an error. */
  message: string | null;
}

const IDLE: PaymentState = { phase: 'idle', payment: null, message: null };

export const PAYMENT_MESSAGES = {
  done: '支付成功',
  /** Nothing to pay (a free trial): active at once. */
  activated: '已开通，立即生效',
  pending: '支付结果确认中，请稍后下拉刷新查看',
  cancelled: '已取消支付',
  closed: '订单已关闭，请重新下单',
  notSandbox: '当前服务器不是沙箱环境，无法模拟支付，请在微信小程序中完成支付',
  payFailed: '支付未完成，请重试',
} as const;

const ORDER_MESSAGES = {
  PAYMENT_UNAVAILABLE: '微信支付暂时不可用，请稍后重试',
  PAYMENT_EXPIRED: '该订单已过期，请重新下单',
  PLAN_NOT_AVAILABLE: '该方案已下架，请刷新后选择其他方案',
  TRIAL_ALREADY_USED: '您已使用过免费试用',
  MEMBERSHIP_PLAN_CONFLICT: '您当前的会员权益与该方案不同，请在到期后再购买',
  IDEMPOTENCY_KEY_CONFLICT: '请求重复，请刷新后重试',
} as const;

/** `prepay_id=wx…` → `wx…`: the id the sandbox pays. */
export function prepayIdOf(payment: Pick<PaymentArguments, 'package'>): string {
  return payment.package.replace(/^prepay_id=/, '');
}

const newRequestId = () => `pay-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const isNetworkError = (err: unknown) => err instanceof ApiError && err.code === 'NETWORK_ERROR';

function cancelledSheet(err: unknown): boolean {
  const msg = (err as { errMsg?: unknown } | null)?.errMsg;
  return typeof msg === 'string' && /cancel/i.test(msg);
}

export interface WechatPaymentOptions {
  /** Called once the server says paid (or nothing was to pay): reload what the payment changed. */
  onDone?: () => void | Promise<void>;
  pollMs?: number;
  pollTries?: number;
}

export function useWechatPayment(options: WechatPaymentOptions = {}) {
  const { onDone, pollMs = PAYMENT_POLL_MS, pollTries = PAYMENT_POLL_TRIES } = options;
  const [state, setState] = useState<PaymentState>(IDLE);
  /** The tap a network error interrupted: its key and requestId, for the retry. */
  const pendingTap = useRef<{ key: string; requestId: string } | null>(null);
  const running = useRef(false);
  const alive = useRef(true);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const set = useCallback((next: PaymentState) => {
    if (alive.current) setState(next);
  }, []);

  const finish = useCallback(
    async (payment: PaymentArguments | null) => {
      set({ phase: 'done', payment, message: payment ? PAYMENT_MESSAGES.done : PAYMENT_MESSAGES.activated });
      await onDoneRef.current?.();
    },
    [set],
  );

  /** Asks the server until the payment is paid or closed, a few seconds at most. */
  const poll = useCallback(
    async (payment: PaymentArguments, first?: PaymentStatusResponse) => {
      set({ phase: 'polling', payment, message: '正在确认支付结果…' });
      let status: PaymentStatusResponse['status'] | null = first?.status ?? null;
      for (let i = 0; status !== 'paid' && status !== 'closed' && i < pollTries; i++) {
        if (i > 0 || first) await sleep(pollMs);
        if (!alive.current) return;
        try {
          status = (await api.getPaymentStatus(payment.outTradeNo)).status;
        } catch {
          status = null; // a poll lost on the network: the next one asks again
        }
      }
      if (status === 'paid') return finish(payment);
      if (status === 'closed') return set({ phase: 'failed', payment, message: PAYMENT_MESSAGES.closed });
      set({ phase: 'pending', payment, message: PAYMENT_MESSAGES.pending });
    },
    [finish, pollMs, pollTries, set],
  );

  /** weapp: WeChat's payment sheet; a cancel leaves the order to close on the server. */
  const payOnWeapp = useCallback(
    async (payment: PaymentArguments) => {
      set({ phase: 'paying', payment, message: null });
      try {
        await Taro.requestPayment({
          timeStamp: payment.timeStamp,
          nonceStr: payment.nonceStr,
          package: payment.package,
          signType: payment.signType,
          paySign: payment.paySign,
        });
      } catch (err) {
        if (cancelledSheet(err)) return set({ phase: 'cancelled', payment, message: PAYMENT_MESSAGES.cancelled });
        return set({ phase: 'failed', payment, message: PAYMENT_MESSAGES.payFailed });
      }
      await poll(payment);
    },
    [poll, set],
  );

  /**
   * One tap: `key` names what was tapped (the plan), `create` opens the order with the requestId.
   * A tap while another payment runs does nothing.
   */
  const start = useCallback(
    async (key: string, create: (requestId: string) => Promise<PaymentOrder>) => {
      if (running.current) return;
      running.current = true;
      try {
        const requestId = pendingTap.current?.key === key ? pendingTap.current.requestId : newRequestId();
        pendingTap.current = { key, requestId };
        set({ phase: 'creating', payment: null, message: null });
        let order: PaymentOrder;
        try {
          order = await create(requestId);
        } catch (err) {
          // A refusal is final; a lost connection keeps the requestId for the same tap again.
          if (!isNetworkError(err)) pendingTap.current = null;
          return set({ phase: 'failed', payment: null, message: errorMessage(err, ORDER_MESSAGES) });
        }
        pendingTap.current = null;
        if (!order.payment) return await finish(null);
        if (process.env.TARO_ENV === 'weapp') return await payOnWeapp(order.payment);
        set({ phase: 'confirm', payment: order.payment, message: null });
      } finally {
        running.current = false;
      }
    },
    [finish, payOnWeapp, set],
  );

  /** H5: the member confirmed 模拟支付 — the sandbox pays, then the server is asked as on weapp. */
  const confirmSandbox = useCallback(async () => {
    const payment = state.payment;
    if (state.phase !== 'confirm' || !payment || running.current) return;
    running.current = true;
    try {
      set({ phase: 'paying', payment, message: null });
      let status: PaymentStatusResponse;
      try {
        status = await api.sandboxPay(prepayIdOf(payment));
      } catch (err) {
        if (err instanceof ApiError && err.statusCode === 404) {
          return set({ phase: 'failed', payment, message: PAYMENT_MESSAGES.notSandbox });
        }
        // The order is still open: the member may confirm again.
        return set({ phase: 'confirm', payment, message: errorMessage(err) });
      }
      await poll(payment, status);
    } finally {
      running.current = false;
    }
  }, [state, poll, set]);

  /** Closes the 模拟支付 step (the order stays pending on the server and closes there). */
  const cancel = useCallback(() => {
    if (state.phase === 'confirm') set({ phase: 'cancelled', payment: state.payment, message: PAYMENT_MESSAGES.cancelled });
  }, [state, set]);

  /** Asks the server again about a payment that was still pending. */
  const recheck = useCallback(async () => {
    if (state.phase !== 'pending' || !state.payment || running.current) return;
    running.current = true;
    try {
      await poll(state.payment);
    } finally {
      running.current = false;
    }
  }, [state, poll]);

  const reset = useCallback(() => set(IDLE), [set]);

  const phase = state.phase;
  return {
    ...state,
    /** A request or the payment sheet is running: the page disables its pay buttons. */
    busy: phase === 'creating' || phase === 'paying' || phase === 'polling',
    /** The page shows the 模拟支付 step. */
    confirming: phase === 'confirm',
    /** `message` is an error (a failed payment, or a 模拟支付 that did not go through and may be confirmed again). */
    isError: phase === 'failed' || (phase === 'confirm' && state.message !== null),
    start,
    confirmSandbox,
    cancel,
    recheck,
    reset,
  };
}

export type WechatPayment = ReturnType<typeof useWechatPayment>;
