// Staff login (POST /auth/staff/login). Cashiers are refused with a clear message; the form keeps
// what was typed on any error.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useLogin } from '@refinedev/core';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useSearchParams } from 'react-router';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { mutate: login, isPending, data } = useLogin<LoginForm>();
  const [params] = useSearchParams();
  const error = data && !data.success ? data.error : undefined;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          会员 · 管理后台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          请使用管理员或店长账号登录
        </Typography.Paragraph>
        {params.get('expired') && !error && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="登录已失效，请重新登录" />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="login-error"
            style={{ marginBottom: 16 }}
            message={error.name}
            description={error.message}
          />
        )}
        <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={(values) => login(values)}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
