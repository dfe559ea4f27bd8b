// The commands a lottery's status allows: pause, resume, end (final). Admins only.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space } from 'antd';
import { lotteryCommand, type LotteryCommandName } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { AdminLotteryView } from '../../api/types';

const ALLOWED: Record<AdminLotteryView['status'], LotteryCommandName[]> = {
  active: ['pause', 'end'],
  paused: ['resume', 'end'],
  ended: [],
};

const LABELS: Record<LotteryCommandName, string> = { pause: '暂停', resume: '继续', end: '结束' };

export function LotteryCommands({ lottery, size = 'small' }: { lottery: AdminLotteryView; size?: 'small' | 'middle' }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (command: LotteryCommandName) => lotteryCommand(lottery.id, command),
    onSuccess: (l, command) => {
      void message.success(`「${l.title}」已${LABELS[command]}`);
      void queryClient.invalidateQueries({ queryKey: ['lotteries'] });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Space>
      {ALLOWED[lottery.status].map((command) =>
        command === 'end' ? (
          <Popconfirm
            key={command}
            title="结束后会员不能再抽奖，且不能恢复，确定结束？"
            okText="结束"
            cancelText="返回"
            onConfirm={() => run.mutate(command)}
          >
            <Button size={size} danger data-testid="lottery-end">
              结束
            </Button>
          </Popconfirm>
        ) : (
          <Button
            key={command}
            size={size}
            loading={run.isPending && run.variables === command}
            onClick={() => run.mutate(command)}
            data-testid={`lottery-${command}`}
          >
            {LABELS[command]}
          </Button>
        ),
      )}
    </Space>
  );
}
