// 每日签到: the month calendar, checking in, make-up (补签) of a missed day, month navigation and
// the reminder opt-in (a WeChat one-time subscription asked for on a tap).
import type { CheckInCalendarResponse, CheckInResponse, MakeUpCheckInResponse } from '@huiyuan/shared';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { api } from '../services/api';
import { CHECKIN_REMINDER_TEMPLATE_ID, makeUpErrorMessage } from '../services/engagement';
import { errorMessage } from '../services/errors';
import { ApiError } from '../services/http';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';
import { useAsyncAction } from './use-async-action';

export type CheckInResult = { kind: 'checkin'; response: CheckInResponse } | { kind: 'makeup'; response: MakeUpCheckInResponse };

const isH5 = () => process.env.TARO_ENV === 'h5';

export function useCheckIn() {
  const [calendar, setCalendar] = useState<CheckInCalendarResponse | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [result, setResult] = useState<CheckInResult | null>(null);
  /** The missed day whose make-up is being confirmed. */
  const [makeUpDate, setMakeUpDate] = useState<string | null>(null);
  const [subscribed, setSubscribed] = useState<string | null>(null);
  // Only the month asked for last is shown (quick taps on ‹ › must not show a stale month).
  const latest = useRef(0);
  const shownMonth = useRef<string | undefined>(undefined);

  const load = useCallback(async (month?: string) => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    const ticket = ++latest.current;
    setLoading(true);
    setLoadError(null);
    try {
      const res = await api.getCheckInCalendar(month);
      if (ticket !== latest.current) return;
      shownMonth.current = res.month;
      setCalendar(res);
    } catch (err) {
      if (ticket === latest.current) setLoadError(errorMessage(err));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  useDidShow(() => void load(shownMonth.current));

  // One action at a time (check-in, make-up, subscribe), one error line for all of them.
  const perform = useCallback((task: () => Promise<void>) => task(), []);
  const { run, busy, error } = useAsyncAction(perform);

  const checkIn = useCallback(
    () =>
      run(async () => {
        try {
          const response = await api.checkIn();
          setResult({ kind: 'checkin', response });
        } catch (err) {
          // Checked in elsewhere (another phone, a double tap that got through): show it as done.
          if (err instanceof ApiError && err.code === 'ALREADY_CHECKED_IN') {
            await load(calendar?.today.slice(0, 7));
            throw new Error('今天已签到', { cause: err });
          }
          throw err;
        }
        await load(calendar?.today.slice(0, 7));
      }),
    [run, load, calendar],
  );

  const confirmMakeUp = useCallback(
    () =>
      run(async () => {
        const date = makeUpDate;
        if (!date) return;
        try {
          const response = await api.makeUpCheckIn({ date });
          setResult({ kind: 'makeup', response });
        } catch (err) {
          throw new Error(makeUpErrorMessage(err, calendar?.makeUpCost ?? 0), { cause: err });
        } finally {
          setMakeUpDate(null);
        }
        await load(shownMonth.current);
      }),
    [run, load, makeUpDate, calendar],
  );

  /**
   * weapp: `requestSubscribeMessage` must run inside the tap; whatever the member chose is reported
   * (the server counts accepted prompts only). H5 has no subscribe messages: a sandbox button
   * reports an acceptance so the flow can be seen end to end.
   */
  const subscribe = useCallback(
    () =>
      run(async () => {
        let accepted = true;
        if (!isH5()) {
          const answer = await Taro.requestSubscribeMessage({
            tmplIds: [CHECKIN_REMINDER_TEMPLATE_ID],
          } as Taro.requestSubscribeMessage.Option);
          accepted = (answer as unknown as Record<string, string>)[CHECKIN_REMINDER_TEMPLATE_ID] === 'accept';
        }
        const quota = await api.subscribe({ templateId: CHECKIN_REMINDER_TEMPLATE_ID, accepted });
        setSubscribed(accepted ? `已开启签到提醒，可提醒 ${quota.remaining} 次` : `未开启提醒（可提醒 ${quota.remaining} 次）`);
      }),
    [run],
  );

  const month = calendar?.month;
  const goMonth = useCallback((target: string) => void load(target), [load]);

  return {
    calendar,
    month,
    loading,
    loadError,
    reload: () => load(shownMonth.current),
    goMonth,
    busy,
    error,
    result,
    checkIn,
    makeUpDate,
    startMakeUp: setMakeUpDate,
    cancelMakeUp: () => setMakeUpDate(null),
    confirmMakeUp,
    subscribed,
    subscribe,
  };
}
