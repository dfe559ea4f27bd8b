// The args inputs of one condition row, by its code.
import { LIFECYCLE_STAGES, RFM_GROUPS } from '@huiyuan/shared';
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, InputNumber, Select, Space } from 'antd';
import { getProgramme, listStores, listTags } from '../../api/endpoints';
import { LIFECYCLE_LABELS } from '../../lib/labels';

const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1} 月` }));

function ListSelect({
  name,
  options,
  placeholder,
  loading,
}: {
  name: (string | number)[];
  options: { value: string | number; label: string }[];
  placeholder: string;
  loading?: boolean;
}) {
  return (
    <Form.Item name={name} style={{ marginBottom: 0, minWidth: 320 }}>
      <Select mode="multiple" allowClear options={options} placeholder={placeholder} loading={loading} aria-label={placeholder} />
    </Form.Item>
  );
}

function Range({ name, precision, unit }: { name: (string | number)[]; precision: number; unit: string }) {
  return (
    <Space>
      <Form.Item name={[...name, 'min']} style={{ marginBottom: 0 }}>
        <InputNumber min={0} precision={precision} placeholder="最小" aria-label="最小值" />
      </Form.Item>
      至
      <Form.Item name={[...name, 'max']} style={{ marginBottom: 0 }}>
        <InputNumber min={0} precision={precision} placeholder="最大（不填 = 不限）" aria-label="最大值" style={{ width: 180 }} />
      </Form.Item>
      {unit}
    </Space>
  );
}

export function ConditionArgs({ code, name }: { code: string | undefined; name: (string | number)[] }) {
  const args = [...name, 'args'];
  const programme = useQuery({ queryKey: ['programme'], queryFn: getProgramme, enabled: code === 'tier_in' });
  const tags = useQuery({ queryKey: ['tags'], queryFn: listTags, enabled: code === 'tag_any' });
  const stores = useQuery({ queryKey: ['stores'], queryFn: listStores, enabled: code === 'store_any' });
  switch (code) {
    case 'tier_in':
      return (
        <ListSelect
          name={[...args, 'tiers']}
          placeholder="选择等级"
          loading={programme.isLoading}
          options={(programme.data?.tiers ?? []).map((t) => ({ value: t.code, label: t.name }))}
        />
      );
    case 'lifecycle_in':
      return (
        <ListSelect
          name={[...args, 'stages']}
          placeholder="选择阶段"
          options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: LIFECYCLE_LABELS[s] }))}
        />
      );
    case 'rfm_group_in':
      return (
        <ListSelect
          name={[...args, 'groups']}
          placeholder="选择 RFM 分组"
          options={RFM_GROUPS.map((g) => ({ value: g.code, label: g.name }))}
        />
      );
    case 'birthday_month':
      return <ListSelect name={[...args, 'months']} placeholder="选择月份" options={MONTHS} />;
    case 'tag_any':
      return (
        <ListSelect
          name={[...args, 'tagIds']}
          placeholder={tags.data && tags.data.items.length === 0 ? '暂无标签' : '选择标签'}
          loading={tags.isLoading}
          options={(tags.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
        />
      );
    case 'store_any':
      return (
        <ListSelect
          name={[...args, 'storeIds']}
          placeholder="选择门店"
          loading={stores.isLoading}
          options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
      );
    case 'bought_category_any':
      return (
        <Form.Item name={[...args, 'categories']} style={{ marginBottom: 0, minWidth: 320 }}>
          <Select mode="tags" placeholder="输入品类后回车，如 coffee" aria-label="品类" tokenSeparators={[',', '，']} />
        </Form.Item>
      );
    case 'last_order_within_days':
    case 'no_order_within_days':
      return (
        <Space>
          最近
          <Form.Item name={[...args, 'days']} style={{ marginBottom: 0 }}>
            <InputNumber min={1} max={3650} precision={0} aria-label="天数" />
          </Form.Item>
          天
        </Space>
      );
    case 'order_count_between':
      return <Range name={args} precision={0} unit="笔" />;
    case 'points_between':
      return <Range name={args} precision={0} unit="积分" />;
    case 'spend_between':
      return <Range name={args} precision={2} unit="元" />;
    case 'registered_between':
      return (
        <Form.Item name={[...args, 'range']} style={{ marginBottom: 0 }}>
          <DatePicker.RangePicker aria-label="注册日期范围" />
        </Form.Item>
      );
    default:
      return null;
  }
}
