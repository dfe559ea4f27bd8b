// 门店 (admins): the stores, a new one (POST /admin/stores with an Idempotency-Key), and a change of
// name, address or currency (PATCH /admin/stores/:id; an empty currency = the programme's).
import { PlusOutlined } from '@ant-design/icons';
import type { CreateStoreRequest, UpdateStoreRequest } from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Table } from 'antd';
import { useState } from 'react';
import { createStore, listStores, updateStore } from '../../api/endpoints';
import type { StoreView } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { EditModal } from '../../components/edit-modal';
import { QueryState } from '../../components/query-state';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { showFieldErrors } from '../../lib/form-errors';

function CreateStoreModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<CreateStoreRequest>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('store');
  const create = useMutation({
    mutationFn: (v: CreateStoreRequest) => {
      const body: CreateStoreRequest = { name: v.name.trim(), ...(v.address?.trim() ? { address: v.address.trim() } : {}) };
      return createStore(body, submitKey.keyFor(body));
    },
    onSuccess: (s) => {
      submitKey.done();
      void message.success(`已创建门店「${s.name}」`);
      void queryClient.invalidateQueries({ queryKey: ['stores'] });
      onClose();
    },
    onError: (err) => showFieldErrors(form, err),
  });
  return (
    <Modal
      title="新建门店"
      open
      okText="创建"
      cancelText="取消"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<CreateStoreRequest> form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item label="门店名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写门店名称' }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label="地址" name="address">
          <Input maxLength={200} placeholder="选填" />
        </Form.Item>
      </Form>
      {create.error ? <ErrorAlert error={create.error} testId="store-error" /> : null}
    </Modal>
  );
}

interface EditValues {
  name: string;
  address?: string;
  currency?: string;
}

/** What changed, as the PATCH body: a cleared address or currency is sent as null. */
export function storeChanges(store: StoreView, v: EditValues): UpdateStoreRequest {
  const address = v.address?.trim() ? v.address.trim() : null;
  const currency = v.currency?.trim() ? v.currency.trim().toUpperCase() : null;
  return {
    ...(v.name.trim() !== store.name ? { name: v.name.trim() } : {}),
    ...(address !== (store.address ?? null) ? { address } : {}),
    ...(currency !== (store.currency ?? null) ? { currency } : {}),
  };
}

function EditStoreModal({ store, onClose }: { store: StoreView; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: UpdateStoreRequest) => updateStore(store.id, body),
    onSuccess: (s) => {
      void message.success(`已保存门店「${s.name}」`);
      void queryClient.invalidateQueries({ queryKey: ['stores'] });
      onClose();
    },
    onError: (err) => showFieldErrors(form, err),
  });
  const onFinish = (v: EditValues) => {
    const body = storeChanges(store, v);
    if (Object.keys(body).length === 0) onClose();
    else save.mutate(body);
  };
  return (
    <EditModal<EditValues>
      title={`编辑门店「${store.name}」`}
      form={form}
      initialValues={{ name: store.name, address: store.address ?? '', currency: store.currency ?? '' }}
      onFinish={onFinish}
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
      testId="store-edit-form"
    >
      <Form.Item label="门店名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写门店名称' }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item label="地址" name="address">
        <Input maxLength={200} placeholder="选填" />
      </Form.Item>
      <Form.Item label="币种" name="currency" extra="ISO 4217 代码（如 HKD）；留空 = 与会员方案相同">
        <Input maxLength={3} placeholder="同会员方案" />
      </Form.Item>
    </EditModal>
  );
}

export default function StoresPage() {
  const stores = useQuery({ queryKey: ['stores'], queryFn: listStores });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<StoreView | null>(null);
  return (
    <Card
      title="门店"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建门店
        </Button>
      }
    >
      <QueryState query={stores}>
        {(data) => (
          <Table<StoreView>
            data-testid="stores-table"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '还没有门店' }}
            columns={[
              { title: '名称', dataIndex: 'name' },
              { title: '地址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
              { title: '币种', dataIndex: 'currency', render: (v: string | null) => v ?? '同会员方案' },
              {
                title: '操作',
                render: (_, s) => (
                  <Button size="small" onClick={() => setEditing(s)} data-testid={`store-edit-${s.name}`}>
                    编辑
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {creating && <CreateStoreModal onClose={() => setCreating(false)} />}
      {editing && <EditStoreModal store={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
