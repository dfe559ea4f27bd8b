import { Button, Text, View } from '@tarojs/components';
import type { StaffRole } from '@huiyuan/shared';
import { useStaffSession } from '../../hooks/use-staff-session';

const ROLE_LABELS: Record<StaffRole, string> = {
  cashier: '收银员',
  manager: '店长',
  admin: '管理员',
};

export default function StaffPage() {
  const { staff, logout } = useStaffSession();
  if (!staff) return <View className="page" id="staff-page" />;

  return (
    <View className="page" id="staff-page">
      <View className="panel">
        <Text className="panel-title">当前登录</Text>
        <View className="card-row">
          <Text>账号</Text>
          <Text id="staff-name">{staff.username}</Text>
        </View>
        <View className="card-row staff-row">
          <Text>角色</Text>
          <Text id="staff-role" className={`staff-role--${staff.role}`}>
            {ROLE_LABELS[staff.role]}
          </Text>
        </View>
      </View>
      <View className="panel" id="staff-placeholder">
        <Text className="panel-title">收银台</Text>
        <Text className="muted">扫码识别会员、记录消费、核销优惠券和退款功能尚未开发，将在后续版本提供。</Text>
      </View>
      <Button className="btn btn-plain" id="staff-logout" onClick={logout}>
        退出登录
      </Button>
    </View>
  );
}
