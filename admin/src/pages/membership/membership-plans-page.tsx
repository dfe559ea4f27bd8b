// 付费会员 (admins): the paid-membership plans with price, term, trial and benefit lines, offered
// or withdrawn; 新建方案 and 下架 / 重新上架 (price, term and benefits never change).
import { PlusOutlined } from '@ant-design/icons';
import type { AdminMembershipPlan } from '@huiyuan/shared';
import { Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { updateMembershipPlan } from '../../api/stored-value';
import { CommandButtons } from '../../components/command-buttons';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatFen } from '../../lib/format';
import { MembershipPlanCreateModal } from './membership-plan-create-modal';
import { describeTerm } from './plan-request';
import { MEMBERSHIP_KEYS, useMembershipPlans } from './use-membership';

type PlanCommand = 'withdraw' | 'offer';

export default function MembershipPlansPage() {
  const plans = useMembershipPlans();
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title="付费会员方案"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="mp-plan-create">
          新建方案
        </Button>
      }
    >
      <QueryState query={plans}>
        {(data) => (
          <Table<AdminMembershipPlan>
            data-testid="mp-plans-table"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '还没有付费会员方案，点击右上角新建' }}
            columns={[
              { title: '名称', dataIndex: 'title' },
              {
                title: '价格',
                dataIndex: 'price',
                align: 'right',
                render: (v: number, p) => (p.trial ? <Tag color="cyan">免费试用</Tag> : formatFen(v)),
              },
              { title: '会员期', dataIndex: 'termDays', render: (d: number) => describeTerm(d) },
              {
                title: '权益',
                dataIndex: 'benefits',
                render: (lines: string[]) => (
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {lines.map((l) => (
                      <li key={l}>{l}</li>
                    ))}
                  </ul>
                ),
              },
              {
                title: '状态',
                dataIndex: 'active',
                render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? '在售' : '已下架'}</Tag>,
              },
              { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              {
                title: '操作',
                render: (_, p) => (
                  <CommandButtons<PlanCommand, AdminMembershipPlan>
                    commands={p.active ? ['withdraw'] : ['offer']}
                    specs={{
                      withdraw: { label: '下架', confirm: '下架后会员不能再购买这个方案（已购买的会员期不受影响），确定下架？' },
                      offer: { label: '重新上架' },
                    }}
                    run={(c) => updateMembershipPlan(p.id, { active: c === 'offer' })}
                    done={(r) => (r.active ? `已上架「${r.title}」` : `已下架「${r.title}」`)}
                    queryKey={MEMBERSHIP_KEYS.plans}
                    testIdPrefix={`mp-plan-${p.title}`}
                  />
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {creating && <MembershipPlanCreateModal onClose={() => setCreating(false)} />}
    </Card>
  );
}
