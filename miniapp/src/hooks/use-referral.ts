// 邀请有礼: the member's invite code and share path, invited friends, rewards, and the invite
// QR code for the poster (an object URL on H5, revoked when the page goes away).
import type { ReferralSummary } from '@huiyuan/shared';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../services/api';
import { inviteLink } from '../services/engagement';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';

export function useReferral() {
  const [summary, setSummary] = useState<ReferralSummary | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [qrCode, setQrCode] = useState<string | null>(null);
  const [qrError, setQrError] = useState<string | null>(null);
  const [shareNotice, setShareNotice] = useState<string | null>(null);
  const qrRef = useRef<string | null>(null);

  const load = useCallback(async () => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    setLoading(true);
    setError(null);
    try {
      setSummary(await api.getReferral());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  const loadQrCode = useCallback(async () => {
    if (qrRef.current || getSession()?.kind !== 'member') return;
    setQrError(null);
    try {
      const src = await api.getReferralQrCode();
      qrRef.current = src;
      setQrCode(src);
    } catch (err) {
      setQrError(errorMessage(err));
    }
  }, []);

  // Friends' statuses change with their orders: read again on every show; the QR code once.
  useDidShow(() => {
    void load();
    void loadQrCode();
  });

  useEffect(
    () => () => {
      if (qrRef.current?.startsWith('blob:')) URL.revokeObjectURL(qrRef.current);
    },
    [],
  );

  const link = summary && process.env.TARO_ENV === 'h5' ? inviteLink(window.location.origin, summary.sharePath) : null;

  /** H5 only (weapp shares through the button's `openType="share"`): copy the invite link. */
  const copyLink = useCallback(async () => {
    if (!link) return;
    try {
      await Taro.setClipboardData({ data: link });
      setShareNotice('邀请链接已复制，发给好友即可');
    } catch {
      setShareNotice('复制失败，请长按下方链接手动复制');
    }
  }, [link]);

  return { summary, loading, error, reload: load, qrCode, qrError, retryQrCode: loadQrCode, link, copyLink, shareNotice };
}
