// What a lottery's status means now: an active lottery may not have started yet, or be past its end.
import type { AdminLotteryView } from '../../api/types';

export function lotteryPhase(
  l: Pick<AdminLotteryView, 'status' | 'startsAt' | 'endsAt'>,
  now = new Date(),
): { label?: string; color?: string } {
  if (l.status !== 'active') return {};
  if (now.getTime() < Date.parse(l.startsAt)) return { label: '未开始', color: 'purple' };
  if (now.getTime() >= Date.parse(l.endsAt)) return { label: '已过期', color: 'default' };
  return {};
}
