// 门店 (admins): the stores, and a new one (POST /admin/stores with an Idempotency-Key).
import { PlusOutlined } from '@ant-design/icons';
import type { CreateStoreRequest } from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Table } from 'antd';
import { useState } from 'react';
import { createStore, listStores } from '../../api/endpoints';
import type { StoreView } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
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

export default function StoresPage() {
  const stores = useQuery({ queryKey: ['stores'], queryFn: listStores });
  const [creating, setCreating] = useState(false);
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
            ]}
          />
        )}
      </QueryState>
      {creating && <CreateStoreModal onClose={() => setCreating(false)} />}
    </Card>
  );
}
