// The member 360's 签到 and 邀请 tabs: the member's check-ins (GET /admin/members/:id/checkins:
// date, streak, make-up, rewards) and referrals (GET /admin/members/:id/referrals: who invited
// them, the friends they invited — masked — with both sides' rewards), each 20 at a time with
// 加载更多 (nextCursor). Read-only, for admins and managers (the server scopes managers).
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { memberCheckIns, memberReferrals } from '../../api/endpoints';
import type { AdminCheckInItem, AdminReferralItem, ReferralSideReward } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { formatCount, formatDateTime } from '../../lib/format';
import { checkInRewardsText, memberRefText, referralRewardState, referralRewardWhat } from './engagement-rows';

function MoreButton({ query }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  if (!query.hasNextPage) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        加载更多
      </Button>
    </div>
  );
}

export function MemberCheckIns({ memberId }: { memberId: string }) {
  const q = useInfiniteQuery({
    queryKey: ['member', memberId, 'checkins'],
    queryFn: ({ pageParam }) => memberCheckIns(memberId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (q.error) return <ErrorAlert error={q.error} />;
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Table<AdminCheckInItem>
        data-testid="member-checkins-table"
        size="small"
        rowKey="id"
        loading={q.isLoading}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Empty description="暂无签到记录" /> }}
        columns={[
          {
            title: '签到日期',
            dataIndex: 'date',
            render: (d: string, c) => (
              <Space size={4}>
                {d}
                {c.madeUp && <Tag color="orange">补签</Tag>}
              </Space>
            ),
          },
          { title: '连续天数', dataIndex: 'streak', align: 'right', render: (n: number) => `${formatCount(n)} 天` },
          { title: '奖励', dataIndex: 'rewards', render: (_, c) => checkInRewardsText(c.rewards) },
          {
            title: '获得积分',
            dataIndex: 'pointsAwarded',
            align: 'right',
            render: (n: number) => (n ? `+${formatCount(n)}` : '—'),
          },
          {
            title: '补签消耗',
            dataIndex: 'costPoints',
            align: 'right',
            render: (n: number) => (n ? `-${formatCount(n)}` : '—'),
          },
          { title: '记录时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
      <MoreButton query={q} />
    </>
  );
}

function SideReward({ reward, testId }: { reward: ReferralSideReward | null; testId: string }): ReactNode {
  if (!reward) return <Typography.Text type="secondary">未达成（好友尚无符合条件的首单）</Typography.Text>;
  const color =
    reward.status === 'released'
      ? 'green'
      : reward.status === 'on_hold'
        ? 'orange'
        : reward.status === 'cancelled'
          ? 'default'
          : 'blue';
  return (
    <Space direction="vertical" size={0} data-testid={testId}>
      <span>{referralRewardWhat(reward)}</span>
      <Tag color={color} style={{ marginInlineEnd: 0 }}>
        {referralRewardState(reward)}
      </Tag>
    </Space>
  );
}

export function MemberReferrals({ memberId }: { memberId: string }) {
  const navigate = useNavigate();
  const q = useInfiniteQuery({
    queryKey: ['member', memberId, 'referrals'],
    queryFn: ({ pageParam }) => memberReferrals(memberId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (q.error) return <ErrorAlert error={q.error} />;
  const invitedBy = q.data?.pages[0]?.invitedBy ?? null;
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="邀请人">
          <span data-testid="member-invited-by">
            {invitedBy ? (
              <Typography.Link onClick={() => void navigate(`/members/${invitedBy.id}`)}>
                {memberRefText(invitedBy)}
              </Typography.Link>
            ) : (
              '—（非受邀注册）'
            )}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Table<AdminReferralItem>
        data-testid="member-referrals-table"
        size="small"
        rowKey={(r) => r.invitee.id}
        loading={q.isLoading}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Empty description="尚未邀请好友" /> }}
        columns={[
          {
            title: '受邀好友',
            render: (_, r) => (
              <Typography.Link onClick={() => void navigate(`/members/${r.invitee.id}`)}>
                {memberRefText(r.invitee)}
              </Typography.Link>
            ),
          },
          { title: '注册时间', dataIndex: 'joinedAt', render: (v: string) => formatDateTime(v) },
          {
            title: '邀请人奖励（本会员）',
            render: (_, r) => <SideReward reward={r.inviterReward} testId={`referral-inviter-reward-${r.invitee.memberNo}`} />,
          },
          {
            title: '好友奖励',
            render: (_, r) => <SideReward reward={r.inviteeReward} testId={`referral-invitee-reward-${r.invitee.memberNo}`} />,
          },
        ]}
      />
      <MoreButton query={q} />
    </>
  );
}
