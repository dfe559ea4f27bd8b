// The prize list of a lottery's form (新建抽奖 and, before the start, 编辑): title, kind, what it
// gives (points / a coupon template offering the lottery channel / a physical prize's claim days),
// stock and weight, with each prize's odds previewed live by the shared largest-remainder rounding
// (what members will be shown) and the chance of winning anything. Lives inside the caller's Form.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DEFAULT_CLAIM_DAYS, LOTTERY_PRIZE_KIND_CODES, MAX_PRIZES } from '@huiyuan/shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { listCouponTemplates } from '../../api/endpoints';
import { formatBp, formatCount } from '../../lib/format';
import { LOTTERY_PRIZE_KIND_LABELS } from '../../lib/labels';
import { oddsPreview, winOdds, type PrizeValues } from './lottery-request';

export function PrizeTable({
  keepTemplateIds = [],
}: {
  /** Coupon templates kept as options even when no longer offerable (a prize's current one). */ keepTemplateIds?: readonly string[];
}) {
  const form = Form.useFormInstance();
  const templates = useQuery({ queryKey: ['coupon-templates'], queryFn: listCouponTemplates });
  const prizes = Form.useWatch('prizes', form) as PrizeValues[] | undefined;
  const odds = oddsPreview(prizes);
  const anyPrize = winOdds(prizes);
  const lotteryTemplates = (templates.data?.items ?? []).filter(
    (t) => (t.channels.includes('lottery') && t.status === 'active') || keepTemplateIds.includes(t.id),
  );
  return (
    <Form.List name="prizes">
      {(fields, { add, remove }) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Table
            data-testid="lottery-prizes"
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={fields}
            columns={[
              {
                title: '奖品名称',
                render: (_, f) => (
                  <Form.Item name={[f.name, 'title']} style={{ margin: 0 }}>
                    <Input maxLength={32} aria-label={`奖品${f.name + 1}名称`} />
                  </Form.Item>
                ),
              },
              {
                title: '类型',
                width: 130,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'kind']} style={{ margin: 0 }}>
                    <Select
                      aria-label={`奖品${f.name + 1}类型`}
                      options={LOTTERY_PRIZE_KIND_CODES.map((k) => ({ value: k, label: LOTTERY_PRIZE_KIND_LABELS[k] }))}
                    />
                  </Form.Item>
                ),
              },
              {
                title: '内容',
                width: 260,
                render: (_, f) => {
                  const kind = prizes?.[f.name]?.kind;
                  if (kind === 'points')
                    return (
                      <Form.Item name={[f.name, 'points']} style={{ margin: 0 }}>
                        <InputNumber min={1} precision={0} addonAfter="积分" aria-label={`奖品${f.name + 1}积分`} />
                      </Form.Item>
                    );
                  if (kind === 'coupon')
                    return (
                      <Form.Item name={[f.name, 'templateId']} style={{ margin: 0 }}>
                        <Select
                          aria-label={`奖品${f.name + 1}优惠券`}
                          placeholder="开放“抽奖奖品”渠道的优惠券"
                          loading={templates.isLoading}
                          options={lotteryTemplates.map((t) => ({
                            value: t.id,
                            label: `${t.title}（剩余 ${formatCount(t.totalStock - t.issued)}）`,
                          }))}
                        />
                      </Form.Item>
                    );
                  if (kind === 'physical')
                    return (
                      <Form.Item name={[f.name, 'claimDays']} style={{ margin: 0 }}>
                        <InputNumber
                          min={1}
                          precision={0}
                          addonBefore="兑奖期"
                          addonAfter="天"
                          placeholder={String(DEFAULT_CLAIM_DAYS)}
                          aria-label={`奖品${f.name + 1}兑奖天数`}
                        />
                      </Form.Item>
                    );
                  return <Typography.Text type="secondary">不发放奖品</Typography.Text>;
                },
              },
              {
                title: '库存',
                width: 120,
                render: (_, f) =>
                  prizes?.[f.name]?.kind === 'none' ? (
                    <Typography.Text type="secondary">不限</Typography.Text>
                  ) : (
                    <Form.Item name={[f.name, 'stock']} style={{ margin: 0 }}>
                      <InputNumber min={0} precision={0} style={{ width: '100%' }} aria-label={`奖品${f.name + 1}库存`} />
                    </Form.Item>
                  ),
              },
              {
                title: '权重',
                width: 110,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'weight']} style={{ margin: 0 }}>
                    <InputNumber min={1} precision={0} style={{ width: '100%' }} aria-label={`奖品${f.name + 1}权重`} />
                  </Form.Item>
                ),
              },
              {
                title: '中奖概率',
                width: 100,
                render: (_, f) => {
                  const bp = odds[f.name];
                  return <span data-testid={`lottery-odds-${f.name}`}>{typeof bp === 'number' ? formatBp(bp) : '—'}</span>;
                },
              },
              {
                title: '',
                width: 48,
                render: (_, f) => (
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={`删除奖品${f.name + 1}`}
                    disabled={fields.length <= 1}
                    onClick={() => remove(f.name)}
                  />
                ),
              },
            ]}
          />
          <Space>
            <Button
              icon={<PlusOutlined />}
              disabled={fields.length >= MAX_PRIZES}
              onClick={() => add({ title: '', kind: 'points', points: 10, stock: 10, weight: 1 })}
            >
              添加奖品
            </Button>
            <Typography.Text type="secondary" data-testid="lottery-win-odds">
              {anyPrize === null ? '填写权重后显示中奖概率' : `抽中任一奖品（不含谢谢参与）的概率：${formatBp(anyPrize)}`}
            </Typography.Text>
          </Space>
        </Space>
      )}
    </Form.List>
  );
}
