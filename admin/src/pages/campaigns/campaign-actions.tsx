// The commands a campaign's status allows, as buttons (launch, pause, resume, cancel).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space } from 'antd';
import { campaignCommand, type CampaignCommandName } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { CampaignView } from '../../api/types';

const ALLOWED: Record<CampaignView['status'], CampaignCommandName[]> = {
  draft: ['launch', 'cancel'],
  scheduled: ['cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  completed: [],
  cancelled: [],
};

const LABELS: Record<CampaignCommandName, string> = { launch: '启动', pause: '暂停', resume: '继续', cancel: '取消' };

export function CampaignCommands({ campaign, size = 'small' }: { campaign: CampaignView; size?: 'small' | 'middle' }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (command: CampaignCommandName) => campaignCommand(campaign.id, command),
    onSuccess: (c, command) => {
      void message.success(`「${c.name}」已${LABELS[command]}`);
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Space>
      {ALLOWED[campaign.status].map((command) =>
        command === 'launch' || command === 'cancel' ? (
          <Popconfirm
            key={command}
            title={
              command === 'launch'
                ? campaign.scheduleAt
                  ? '到预定时间后冻结人群并开始发送，确定启动？'
                  : '立即冻结人群（含对照组）并开始发送，确定启动？'
                : '取消后未送达的会员将不再收到，确定取消？'
            }
            okText={LABELS[command]}
            cancelText="返回"
            onConfirm={() => run.mutate(command)}
          >
            <Button
              size={size}
              type={command === 'launch' ? 'primary' : 'default'}
              danger={command === 'cancel'}
              data-testid={`campaign-${command}`}
            >
              {LABELS[command]}
            </Button>
          </Popconfirm>
        ) : (
          <Button
            key={command}
            size={size}
            loading={run.isPending && run.variables === command}
            onClick={() => run.mutate(command)}
            data-testid={`campaign-${command}`}
          >
            {LABELS[command]}
          </Button>
        ),
      )}
    </Space>
  );
}
