import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { StatusText } from '../../components/status-text';
import { DEFAULT_DEV_OPENID, inviteCodeFromLaunch, useMemberLogin, useStaffLogin } from '../../hooks/use-login';
import './index.css';

type Tab = 'member' | 'staff';

const isH5 = process.env.TARO_ENV === 'h5';

function MemberLoginForm() {
  const { login, busy, error } = useMemberLogin();
  const [openid, setOpenid] = useState(DEFAULT_DEV_OPENID);
  // Opened through a friend's invite (`?inviteCode=` on the hash route, or a QR `scene`): kept
  // for the login and shown in the field.
  const [inviteCode, setInviteCode] = useState(inviteCodeFromLaunch);

  return (
    <View className="panel" id="member-login">
      {isH5 ? (
        <View>
          <Text className="muted login-hint">H5 开发环境：使用沙箱 openid 模拟微信登录</Text>
          <View className="field">
            <Text className="field-label">openid</Text>
            <Input
              className="field-input"
              id="login-openid"
              value={openid}
              placeholder="例如 demo-member"
              onInput={(e) => setOpenid(e.detail.value)}
            />
          </View>
          <View className="field">
            <Text className="field-label">邀请码（选填）</Text>
            <Input
              className="field-input"
              id="login-invite-code"
              value={inviteCode}
              placeholder="好友邀请码"
              onInput={(e) => setInviteCode(e.detail.value)}
            />
          </View>
        </View>
      ) : (
        <Text className="muted login-hint">使用微信账号一键登录，登录即成为会员</Text>
      )}
      <StatusText id="login-error" error={error} />
      <Button
        className={`btn btn-primary ${busy ? 'btn--busy' : ''}`}
        id="login-submit"
        loading={busy}
        disabled={busy}
        onClick={() => void login({ devOpenid: openid, inviteCode })}
      >
        {isH5 ? '登录' : '微信一键登录'}
      </Button>
    </View>
  );
}

function StaffLoginForm() {
  const { login, busy, error } = useStaffLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  return (
    <View className="panel" id="staff-login">
      <View className="field">
        <Text className="field-label">用户名</Text>
        <Input
          className="field-input"
          id="staff-username"
          value={username}
          placeholder="店员账号"
          onInput={(e) => setUsername(e.detail.value)}
        />
      </View>
      <View className="field">
        <Text className="field-label">密码</Text>
        <Input
          className="field-input"
          id="staff-password"
          password
          value={password}
          placeholder="密码"
          onInput={(e) => setPassword(e.detail.value)}
        />
      </View>
      <StatusText id="staff-login-error" error={error} />
      <Button
        className={`btn btn-primary ${busy ? 'btn--busy' : ''}`}
        id="staff-submit"
        loading={busy}
        disabled={busy}
        onClick={() => void login(username, password)}
      >
        店员登录
      </Button>
    </View>
  );
}

export default function LoginPage() {
  const [tab, setTab] = useState<Tab>('member');
  return (
    <View className="page login-page" id="login-page">
      <View className="login-hero">
        <Text className="login-hero__title">会员中心</Text>
        <Text className="login-hero__sub">积分 · 等级 · 专属权益</Text>
      </View>
      <View className="login-tabs">
        <View
          className={`login-tab ${tab === 'member' ? 'login-tab--active' : ''}`}
          id="login-tab-member"
          onClick={() => setTab('member')}
        >
          会员登录
        </View>
        <View
          className={`login-tab ${tab === 'staff' ? 'login-tab--active' : ''}`}
          id="login-tab-staff"
          onClick={() => setTab('staff')}
        >
          店员登录
        </View>
      </View>
      {tab === 'member' ? <MemberLoginForm /> : <StaffLoginForm />}
    </View>
  );
}
