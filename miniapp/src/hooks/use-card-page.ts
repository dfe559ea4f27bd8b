// Everything the card page shows besides the card itself: the live member code and its enlarged
// view, expiring points, and the tier-upgrade moment after a purchase.
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { useMemberCard } from './use-member-card';
import { useMemberCode } from './use-member-code';
import { expiringText, usePointsSummary } from './use-points-summary';
import { useScreenBrightness } from './use-screen-brightness';
import { useTierUpgrade } from './use-tier-upgrade';

/** While the enlarged code is up the member is at the till: watch for the purchase. */
export const POLL_MS = 5_000;

export function useCardPage() {
  const member = useMemberCard();
  const [visible, setVisible] = useState(true);
  const [enlarged, setEnlarged] = useState(false);
  const code = useMemberCode(visible && member.card !== null);
  const points = usePointsSummary();
  const tierUpgrade = useTierUpgrade();

  useDidShow(() => {
    setVisible(true);
    void points.reload();
  });
  useDidHide(() => {
    setVisible(false);
    setEnlarged(false);
  });
  useScreenBrightness(enlarged && visible);

  // A purchase changes points or growth: then the code was scanned (the server hands out a fresh
  // one), the expiring points moved, and there may be an upgrade to celebrate. Also runs on first load.
  const card = member.card;
  const { refresh } = code;
  const { check } = tierUpgrade;
  const { reload: reloadPoints } = points;
  const changeKey = card ? `${card.id}:${card.points}:${card.growth}:${card.tier.code}` : null;
  const [seenKey, setSeenKey] = useState<string | null>(null);
  useEffect(() => {
    if (changeKey === null || changeKey === seenKey) return;
    const first = seenKey === null;
    setSeenKey(changeKey);
    void check();
    if (!first) {
      void refresh();
      void reloadPoints();
    }
  }, [changeKey, seenKey, check, refresh, reloadPoints]);

  const { poll } = member;
  useEffect(() => {
    if (!enlarged || !visible) return;
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [enlarged, visible, poll]);

  const enlarge = useCallback(() => setEnlarged(true), []);
  const shrink = useCallback(() => setEnlarged(false), []);

  return {
    ...member,
    code,
    enlarged,
    enlarge,
    shrink,
    expiring: expiringText(points.summary),
    upgrade: tierUpgrade.upgrade,
    dismissUpgrade: tierUpgrade.dismiss,
  };
}
