// The top bar: the brand, the logged-in staff member with role and store, and 退出.
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useLogout } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Button, Layout, Space, Tag, Typography, theme } from 'antd';
import { listStores } from '../api/endpoints';
import { useIdentity } from '../hooks/use-identity';
import { ROLE_LABELS } from '../lib/labels';

export function Header() {
  const { token } = theme.useToken();
  const { identity } = useIdentity();
  const { mutate: logout, isPending } = useLogout();
  const stores = useQuery({ queryKey: ['stores'], queryFn: listStores, enabled: Boolean(identity?.storeId) });
  const storeName = stores.data?.items.find((s) => s.id === identity?.storeId)?.name;
  return (
    <Layout.Header
      style={{
        background: token.colorBgElevated,
        display: 'flex',
        justifyContent: 'space-between',
        alignItems: 'center',
        padding: '0 24px',
        height: 64,
        position: 'sticky',
        top: 0,
        zIndex: 10,
      }}
    >
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="brand">
        会员
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 8, fontWeight: 'normal' }}>
          管理后台
        </Typography.Text>
      </Typography.Title>
      {identity && (
        <Space size="middle">
          <Space data-testid="current-user">
            <UserOutlined />
            <Typography.Text strong>{identity.username}</Typography.Text>
            <Tag color={identity.role === 'admin' ? 'gold' : 'blue'}>{ROLE_LABELS[identity.role]}</Tag>
            {storeName && <Tag>{storeName}</Tag>}
          </Space>
          <Button icon={<LogoutOutlined />} loading={isPending} onClick={() => logout()}>
            退出
          </Button>
        </Space>
      )}
    </Layout.Header>
  );
}
