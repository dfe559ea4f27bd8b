// The commands a campaign's status allows (launch, pause, resume, cancel).
import { campaignCommand, type CampaignCommandName } from '../../api/endpoints';
import type { CampaignView } from '../../api/types';
import { CommandButtons } from '../../components/command-buttons';

const ALLOWED: Record<CampaignView['status'], CampaignCommandName[]> = {
  draft: ['launch', 'cancel'],
  scheduled: ['cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  completed: [],
  cancelled: [],
};

export function CampaignCommands({ campaign, size = 'small' }: { campaign: CampaignView; size?: 'small' | 'middle' }) {
  return (
    <CommandButtons
      commands={ALLOWED[campaign.status]}
      specs={{
        launch: {
          label: '启动',
          primary: true,
          confirm: campaign.scheduleAt
            ? '到预定时间后冻结人群并开始发送，确定启动？'
            : '立即冻结人群（含对照组）并开始发送，确定启动？',
        },
        pause: { label: '暂停' },
        resume: { label: '继续' },
        cancel: { label: '取消', danger: true, confirm: '取消后未送达的会员将不再收到，确定取消？' },
      }}
      run={(command) => campaignCommand(campaign.id, command)}
      done={(c, command) => `「${c.name}」已${{ launch: '启动', pause: '暂停', resume: '继续', cancel: '取消' }[command]}`}
      queryKey={['campaigns']}
      testIdPrefix="campaign"
      size={size}
    />
  );
}
