// 营销活动: campaigns with status and progress; open one for its report.
import { PlusOutlined } from '@ant-design/icons';
import { describeCampaignAction } from '@huiyuan/shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Progress, Table, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { listCampaigns } from '../../api/endpoints';
import type { CampaignView } from '../../api/types';
import { QueryState } from '../../components/query-state';
import { formatCount, formatDateTime } from '../../lib/format';
import { CAMPAIGN_STATUS_COLORS, CAMPAIGN_STATUS_LABELS } from '../../lib/labels';
import { CampaignCommands } from './campaign-actions';
import { campaignProgress } from './campaign-request';

export default function CampaignListPage() {
  const navigate = useNavigate();
  // Running campaigns move: refresh every few seconds while one is.
  const campaigns = useQuery({
    queryKey: ['campaigns'],
    queryFn: listCampaigns,
    refetchInterval: (q) => (q.state.data?.items.some((c) => c.status === 'running') ? 3000 : false),
  });
  return (
    <Card
      title="营销活动"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/campaigns/create')}>
          新建活动
        </Button>
      }
    >
      <QueryState query={campaigns}>
        {(data) => (
          <Table<CampaignView>
            data-testid="campaigns-table"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '还没有活动，点击右上角新建' }}
            columns={[
              {
                title: '名称',
                dataIndex: 'name',
                render: (n: string, c) => <a onClick={() => void navigate(`/campaigns/${c.id}`)}>{n}</a>,
              },
              { title: '动作', render: (_, c) => describeCampaignAction(c.action) },
              {
                title: '状态',
                dataIndex: 'status',
                render: (s: CampaignView['status']) => <Tag color={CAMPAIGN_STATUS_COLORS[s]}>{CAMPAIGN_STATUS_LABELS[s]}</Tag>,
              },
              {
                title: '进度',
                render: (_, c) =>
                  c.status === 'draft' || c.status === 'scheduled' ? (
                    '—'
                  ) : (
                    <Progress percent={campaignProgress(c)} size="small" />
                  ),
              },
              { title: '目标 / 对照', render: (_, c) => `${formatCount(c.targeted - c.holdout)} / ${formatCount(c.holdout)}` },
              { title: '已送达', dataIndex: 'delivered', align: 'right', render: (n: number) => formatCount(n) },
              { title: '开始', render: (_, c) => formatDateTime(c.launchedAt ?? c.scheduleAt) },
              { title: '操作', render: (_, c) => <CampaignCommands campaign={c} /> },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
