// 储值方案 (admins): the top-up plans with what the member pays and what is added, offered or
// withdrawn; 新建方案, 改名, 下架 / 重新上架 (amounts never change: a new plan instead).
import { PlusOutlined } from '@ant-design/icons';
import type { AdminStoredValuePlan } from '@huiyuan/shared';
import { Button, Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { updateStoredValuePlan } from '../../api/stored-value';
import { CommandButtons } from '../../components/command-buttons';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatFen } from '../../lib/format';
import { CreateStoredValuePlanModal, RenameStoredValuePlanModal } from './stored-value-plan-modals';
import { STORED_VALUE_KEYS, useStoredValuePlans } from './use-stored-value';

type PlanCommand = 'withdraw' | 'offer';

export default function StoredValuePlansPage() {
  const plans = useStoredValuePlans();
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<AdminStoredValuePlan | null>(null);

  return (
    <Card
      title="储值方案"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="sv-plan-create">
          新建方案
        </Button>
      }
    >
      <QueryState query={plans}>
        {(data) => (
          <Table<AdminStoredValuePlan>
            data-testid="sv-plans-table"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '还没有储值方案，点击右上角新建' }}
            columns={[
              { title: '名称', dataIndex: 'title' },
              { title: '充值金额', dataIndex: 'amount', align: 'right', render: (v: number) => formatFen(v) },
              { title: '赠送', dataIndex: 'bonus', align: 'right', render: (v: number) => (v ? formatFen(v) : '—') },
              { title: '到账合计', align: 'right', render: (_, p) => formatFen(p.amount + p.bonus) },
              {
                title: '状态',
                dataIndex: 'active',
                render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? '在售' : '已下架'}</Tag>,
              },
              { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              {
                title: '操作',
                render: (_, p) => (
                  <Space>
                    <Button size="small" onClick={() => setRenaming(p)} data-testid={`sv-plan-rename-${p.title}`}>
                      改名
                    </Button>
                    <CommandButtons<PlanCommand, AdminStoredValuePlan>
                      commands={p.active ? ['withdraw'] : ['offer']}
                      specs={{
                        withdraw: { label: '下架', confirm: '下架后会员不能再选这个方案充值（已充值的不受影响），确定下架？' },
                        offer: { label: '重新上架' },
                      }}
                      run={(c) => updateStoredValuePlan(p.id, { active: c === 'offer' })}
                      done={(r) => (r.active ? `已上架「${r.title}」` : `已下架「${r.title}」`)}
                      queryKey={STORED_VALUE_KEYS.plans}
                      testIdPrefix={`sv-plan-${p.title}`}
                    />
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {creating && <CreateStoredValuePlanModal onClose={() => setCreating(false)} />}
      {renaming && <RenameStoredValuePlanModal plan={renaming} onClose={() => setRenaming(null)} />}
    </Card>
  );
}
