// The commands a lottery's status allows: pause, resume, end (final). Admins only.
import { lotteryCommand, type LotteryCommandName } from '../../api/endpoints';
import type { AdminLotteryView } from '../../api/types';
import { CommandButtons } from '../../components/command-buttons';

const ALLOWED: Record<AdminLotteryView['status'], LotteryCommandName[]> = {
  active: ['pause', 'end'],
  paused: ['resume', 'end'],
  ended: [],
};

const LABELS: Record<LotteryCommandName, string> = { pause: '暂停', resume: '继续', end: '结束' };

export function LotteryCommands({ lottery, size = 'small' }: { lottery: AdminLotteryView; size?: 'small' | 'middle' }) {
  return (
    <CommandButtons
      commands={ALLOWED[lottery.status]}
      specs={{
        pause: { label: LABELS.pause },
        resume: { label: LABELS.resume },
        end: { label: LABELS.end, danger: true, confirm: '结束后会员不能再抽奖，且不能恢复，确定结束？' },
      }}
      run={(command) => lotteryCommand(lottery.id, command)}
      done={(l, command) => `「${l.title}」已${LABELS[command]}`}
      queryKey={['lotteries']}
      testIdPrefix="lottery"
      size={size}
    />
  );
}
