// 员工 (admins): staff accounts — create, change role or store, disable/enable, reset password.
// Passwords are checked with the shared policy the server applies (WEAK_PASSWORD otherwise); a
// role and store must agree (staffStoreProblem): an admin has no store, anyone else exactly one.
import { PlusOutlined } from '@ant-design/icons';
import { checkPassword, staffStoreProblem, type PasswordProblem, type StaffRole } from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { createStaff, listStaff, listStores, resetStaffPassword, updateStaff } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { StaffAccountView, StoreView } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { useIdentity } from '../../hooks/use-identity';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { showFieldErrors } from '../../lib/form-errors';
import { ROLE_LABELS, STAFF_STATUS_LABELS } from '../../lib/labels';

const ROLES: StaffRole[] = ['admin', 'manager', 'cashier'];

const PASSWORD_TEXT: Record<PasswordProblem, string> = {
  too_short: '至少 10 个字符',
  too_long: '最多 128 个字符',
  common: '不能使用常见密码',
  contains_username: '不能包含用户名',
};

function passwordRule(getUsername: () => string | undefined) {
  return {
    validator: (_: unknown, value: string | undefined) => {
      if (!value) return Promise.resolve();
      const username = getUsername();
      const decision = checkPassword(value, username ? { username } : {});
      return decision.ok
        ? Promise.resolve()
        : Promise.reject(new Error(`密码${decision.problems.map((p) => PASSWORD_TEXT[p]).join('，')}`));
    },
  };
}

function storeRule(getRole: () => StaffRole | undefined) {
  return {
    validator: (_: unknown, storeId: string | undefined) => {
      const role = getRole();
      if (!role) return Promise.resolve();
      const problem = staffStoreProblem(role, storeId ?? null);
      return problem
        ? Promise.reject(new Error(role === 'admin' ? '管理员不属于任何门店' : `${ROLE_LABELS[role]}必须属于一个门店`))
        : Promise.resolve();
    },
  };
}

interface CreateValues {
  username: string;
  password: string;
  role: StaffRole;
  storeId?: string;
}

function CreateStaffModal({ stores, onClose }: { stores: StoreView[]; onClose: () => void }) {
  const [form] = Form.useForm<CreateValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('staff');
  const role = Form.useWatch('role', form);
  const create = useMutation({
    mutationFn: (v: CreateValues) => {
      const body = {
        username: v.username.trim(),
        password: v.password,
        role: v.role,
        ...(v.role !== 'admin' && v.storeId ? { storeId: v.storeId } : {}),
      };
      return createStaff(body, submitKey.keyFor(body));
    },
    onSuccess: (s) => {
      submitKey.done();
      void message.success(`已创建账号 ${s.username}`);
      void queryClient.invalidateQueries({ queryKey: ['staff'] });
      onClose();
    },
    onError: (err) => showFieldErrors(form, err),
  });
  return (
    <Modal
      title="新建员工账号"
      open
      okText="创建"
      cancelText="取消"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<CreateValues> form={form} layout="vertical" initialValues={{ role: 'cashier' }} onFinish={(v) => create.mutate(v)}>
        <Form.Item
          label="用户名"
          name="username"
          rules={[
            { required: true, message: '请填写用户名' },
            { pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: '3–32 位字母、数字或 _ . -' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="初始密码"
          name="password"
          dependencies={['username']}
          rules={[
            { required: true, message: '请填写密码' },
            passwordRule(() => form.getFieldValue('username') as string | undefined),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="角色" name="role" rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </Form.Item>
        {role !== 'admin' && (
          <Form.Item
            label="所属门店"
            name="storeId"
            dependencies={['role']}
            rules={[storeRule(() => form.getFieldValue('role') as StaffRole)]}
          >
            <Select placeholder="选择门店" options={stores.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
      </Form>
      {create.error ? <ErrorAlert error={create.error} testId="staff-error" /> : null}
    </Modal>
  );
}

interface EditValues {
  role: StaffRole;
  storeId?: string | null;
}

function EditStaffModal({ account, stores, onClose }: { account: StaffAccountView; stores: StoreView[]; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const role = Form.useWatch('role', form);
  const save = useMutation({
    mutationFn: (v: EditValues) =>
      updateStaff(account.id, { role: v.role, storeId: v.role === 'admin' ? null : (v.storeId ?? null) }),
    onSuccess: (s) => {
      void message.success(`已更新 ${s.username}（其登录会话已失效，需重新登录）`);
      void queryClient.invalidateQueries({ queryKey: ['staff'] });
      onClose();
    },
    onError: (err) => showFieldErrors(form, err),
  });
  return (
    <Modal
      title={`修改角色与门店：${account.username}`}
      open
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{ role: account.role, storeId: account.storeId }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item label="角色" name="role" rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </Form.Item>
        {role !== 'admin' && (
          <Form.Item
            label="所属门店"
            name="storeId"
            dependencies={['role']}
            rules={[storeRule(() => form.getFieldValue('role') as StaffRole)]}
          >
            <Select placeholder="选择门店" options={stores.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
      </Form>
      {save.error ? <ErrorAlert error={save.error} testId="staff-edit-error" /> : null}
    </Modal>
  );
}

function ResetPasswordModal({ account, onClose }: { account: StaffAccountView; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const { message } = App.useApp();
  const reset = useMutation({
    mutationFn: (v: { password: string }) => resetStaffPassword(account.id, v.password),
    onSuccess: () => {
      void message.success(`已重置 ${account.username} 的密码，其登录会话已失效`);
      onClose();
    },
    onError: (err) => showFieldErrors(form, err),
  });
  return (
    <Modal
      title={`重置密码：${account.username}`}
      open
      okText="重置"
      cancelText="取消"
      confirmLoading={reset.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v)}>
        <Form.Item
          label="新密码"
          name="password"
          rules={[{ required: true, message: '请填写新密码' }, passwordRule(() => account.username)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      {reset.error ? <ErrorAlert error={reset.error} testId="reset-password-error" /> : null}
    </Modal>
  );
}

export default function StaffPage() {
  const { identity } = useIdentity();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const staff = useQuery({ queryKey: ['staff'], queryFn: listStaff });
  const stores = useQuery({ queryKey: ['stores'], queryFn: listStores });
  const storeList = stores.data?.items ?? [];
  const storeName = new Map(storeList.map((s) => [s.id, s.name]));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<StaffAccountView | null>(null);
  const [resetting, setResetting] = useState<StaffAccountView | null>(null);
  const toggle = useMutation({
    mutationFn: (a: StaffAccountView) => updateStaff(a.id, { status: a.status === 'active' ? 'disabled' : 'active' }),
    onSuccess: (a) => {
      void message.success(a.status === 'disabled' ? `已停用 ${a.username}` : `已启用 ${a.username}`);
      void queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });

  return (
    <Card
      title="员工"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建员工
        </Button>
      }
    >
      <QueryState query={staff}>
        {(data) => (
          <Table<StaffAccountView>
            data-testid="staff-table"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '用户名', dataIndex: 'username' },
              { title: '角色', dataIndex: 'role', render: (r: StaffRole) => ROLE_LABELS[r] },
              { title: '门店', dataIndex: 'storeId', render: (id: string | null) => (id ? (storeName.get(id) ?? id) : '—') },
              {
                title: '状态',
                dataIndex: 'status',
                render: (s: StaffAccountView['status']) => (
                  <Tag color={s === 'active' ? 'green' : 'default'}>{STAFF_STATUS_LABELS[s]}</Tag>
                ),
              },
              {
                title: '操作',
                render: (_, a) => (
                  <Space>
                    <Button size="small" onClick={() => setEditing(a)}>
                      修改角色/门店
                    </Button>
                    <Button size="small" onClick={() => setResetting(a)}>
                      重置密码
                    </Button>
                    <Popconfirm
                      title={a.status === 'active' ? `停用 ${a.username}？其登录会话将立即失效。` : `启用 ${a.username}？`}
                      okText="确定"
                      cancelText="取消"
                      onConfirm={() => toggle.mutate(a)}
                      disabled={a.id === identity?.id}
                    >
                      <Button
                        size="small"
                        danger={a.status === 'active'}
                        disabled={a.id === identity?.id}
                        loading={toggle.isPending && toggle.variables?.id === a.id}
                      >
                        {a.status === 'active' ? '停用' : '启用'}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {creating && <CreateStaffModal stores={storeList} onClose={() => setCreating(false)} />}
      {editing && <EditStaffModal account={editing} stores={storeList} onClose={() => setEditing(null)} />}
      {resetting && <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}
