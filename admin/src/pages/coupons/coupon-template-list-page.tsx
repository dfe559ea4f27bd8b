// 优惠券: the coupon templates with their stock, validity and channels; pause/resume and grant.
import { PlusOutlined } from '@ant-design/icons';
import { describeCouponTerms } from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { listCouponTemplates, setCouponTemplatePaused } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { CouponTemplateView } from '../../api/types';
import { QueryState } from '../../components/query-state';
import { formatCount } from '../../lib/format';
import { COUPON_CHANNEL_LABELS, COUPON_KIND_LABELS, tierLabel } from '../../lib/labels';
import { EditTemplateModal } from './edit-template-modal';
import { GrantModal } from './grant-modal';

function validity(t: CouponTemplateView): string {
  if (t.validDays) return `领取后 ${t.validDays} 天内有效`;
  return `${t.validFrom ?? '—'} 至 ${t.validTo ?? '—'}`;
}

export default function CouponTemplateListPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: ['coupon-templates'], queryFn: listCouponTemplates });
  const [granting, setGranting] = useState<CouponTemplateView | null>(null);
  const [editing, setEditing] = useState<CouponTemplateView | null>(null);
  const toggle = useMutation({
    mutationFn: (t: CouponTemplateView) => setCouponTemplatePaused(t.id, t.status === 'active'),
    onSuccess: (t) => {
      void message.success(t.status === 'paused' ? `已暂停「${t.title}」` : `已恢复「${t.title}」`);
      void queryClient.invalidateQueries({ queryKey: ['coupon-templates'] });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });

  return (
    <Card
      title="优惠券"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/coupons/create')}>
          新建优惠券
        </Button>
      }
    >
      <QueryState query={templates}>
        {(data) => (
          <Table<CouponTemplateView>
            data-testid="coupon-templates-table"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '还没有优惠券，点击右上角新建' }}
            columns={[
              { title: '名称', dataIndex: 'title' },
              { title: '类型', dataIndex: 'kind', render: (k: CouponTemplateView['kind']) => COUPON_KIND_LABELS[k] },
              { title: '面额', render: (_, t) => describeCouponTerms(t) },
              { title: '有效期', render: (_, t) => validity(t) },
              {
                title: '库存（已发/总量）',
                render: (_, t) => `${formatCount(t.issued)} / ${formatCount(t.totalStock)}`,
              },
              { title: '每人限领', dataIndex: 'perMemberLimit' },
              {
                title: '渠道',
                dataIndex: 'channels',
                render: (cs: CouponTemplateView['channels']) => cs.map((c) => <Tag key={c}>{COUPON_CHANNEL_LABELS[c] ?? c}</Tag>),
              },
              { title: '最低等级', dataIndex: 'minTier', render: (v?: string) => (v ? tierLabel(v) : '不限') },
              {
                title: '状态',
                dataIndex: 'status',
                render: (s: string) => (
                  <Tag color={s === 'active' ? 'green' : 'default'}>{s === 'active' ? '发放中' : '已暂停'}</Tag>
                ),
              },
              {
                title: '操作',
                render: (_, t) => (
                  <Space>
                    <Button size="small" onClick={() => setEditing(t)} data-testid={`template-edit-${t.title}`}>
                      编辑
                    </Button>
                    <Button
                      size="small"
                      disabled={!t.channels.includes('grant') || t.status !== 'active'}
                      onClick={() => setGranting(t)}
                    >
                      发放
                    </Button>
                    <Button
                      size="small"
                      loading={toggle.isPending && toggle.variables?.id === t.id}
                      onClick={() => toggle.mutate(t)}
                    >
                      {t.status === 'active' ? '暂停' : '恢复'}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {granting && <GrantModal template={granting} onClose={() => setGranting(null)} />}
      {editing && <EditTemplateModal template={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
