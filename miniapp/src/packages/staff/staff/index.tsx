import { Button, Text, View } from '@tarojs/components';
import type { StaffRole } from '@huiyuan/shared';
import { useState } from 'react';
import { BalanceTender, MemberSummary, OrderResult, PricingPreview, TillCoupons } from '../../../components/cashier';
import { Field } from '../../../components/field';
import { StatusText } from '../../../components/status-text';
import { useCashier } from '../../../hooks/use-cashier';
import { useStaffSession } from '../../../hooks/use-staff-session';
import { ROUTES, open } from '../../../services/routes';

const ROLE_LABELS: Record<StaffRole, string> = {
  cashier: '收银员',
  manager: '店长',
  admin: '管理员',
};

function busyClass(busy: boolean): string {
  return busy ? 'btn--busy' : '';
}

/** Manager-only fallback when the member cannot show a code: member number + last 4 phone digits. */
function MemberLookup({ busy, onLookup }: { busy: boolean; onLookup: (memberNo: string, last4: string) => void }) {
  const [openForm, setOpenForm] = useState(false);
  const [memberNo, setMemberNo] = useState('');
  const [last4, setLast4] = useState('');
  if (!openForm) {
    return (
      <Text className="till-link" id="cashier-lookup-toggle" onClick={() => setOpenForm(true)}>
        会员无法出示会员码？会员号查找
      </Text>
    );
  }
  return (
    <View className="panel" id="cashier-lookup">
      <Text className="panel-title">会员号查找</Text>
      <Field id="cashier-lookup-member-no" label="会员号" value={memberNo} onInput={setMemberNo} type="number" />
      <Field id="cashier-lookup-phone4" label="手机号后 4 位" value={last4} onInput={setLast4} type="number" maxlength={4} />
      <Button
        className={`btn btn-secondary ${busyClass(busy)}`}
        id="cashier-lookup-submit"
        onClick={() => onLookup(memberNo, last4)}
      >
        查找会员
      </Button>
    </View>
  );
}

function CashierHome({ canLookup }: { canLookup: boolean }) {
  const till = useCashier();

  if (till.step === 'result' && till.result) {
    const orderNo = till.result.orderNo;
    return (
      <View id="cashier-page">
        <OrderResult result={till.result} />
        <Button className="btn btn-primary" id="cashier-next" onClick={till.reset}>
          下一位顾客
        </Button>
        <Button className="btn btn-plain" id="cashier-result-refund" onClick={() => open(ROUTES.refund, { orderNo })}>
          为此订单退款
        </Button>
      </View>
    );
  }

  if (till.step === 'order' && till.member) {
    return (
      <View id="cashier-page">
        <MemberSummary member={till.member} />
        <View className="panel">
          <Text className="panel-title">记录消费</Text>
          <Field id="cashier-order-no" label="订单号" value={till.orderNo} onInput={till.setOrderNo} />
          <Field
            id="cashier-amount"
            label="消费金额（元）"
            value={till.amount}
            onInput={till.setAmount}
            type="digit"
            placeholder="例如 128.50"
          />
          <TillCoupons
            coupons={till.orderCoupons}
            gifts={till.giftCoupons}
            selected={till.selected}
            preview={till.preview}
            onToggle={till.toggle}
            onRedeemGift={(g) => open(ROUTES.redeem, { code: g.code, memberId: till.member!.id })}
          />
          <Field
            id="cashier-points-input"
            label="使用积分（选填）"
            value={till.points}
            onInput={till.setPoints}
            type="number"
            placeholder="0"
            hint={till.pointsHint}
          />
          <BalanceTender
            storedBalance={till.storedBalance}
            on={till.balanceOn}
            value={till.balance}
            error={till.balanceError}
            onToggle={till.toggleBalance}
            onInput={till.setBalance}
            onFill={till.fillBalance}
          />
          {till.pricing ? <PricingPreview pricing={till.pricing} /> : null}
          <StatusText id="cashier-error" error={till.error} />
          {till.presenceExpired ? (
            <Button className="btn btn-secondary" id="cashier-rescan" onClick={till.rescan}>
              重新扫码（保留本单）
            </Button>
          ) : null}
          <Button className={`btn btn-primary ${busyClass(till.busy)}`} id="cashier-submit" onClick={() => void till.submit()}>
            确认收银
          </Button>
          <Button className="btn btn-plain" id="cashier-cancel" onClick={till.reset}>
            取消，重新识别
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View id="cashier-page">
      <View className="panel">
        <Text className="panel-title">识别会员</Text>
        {till.resuming ? (
          <Text className="notice-text" id="cashier-resume-hint">
            请会员重新出示会员码，识别后继续本单
          </Text>
        ) : null}
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className="btn btn-primary" id="cashier-scan" onClick={() => void till.scan()}>
            扫描会员码
          </Button>
        ) : null}
        <Field
          id="cashier-code-input"
          label="会员码"
          value={till.codeInput}
          onInput={till.setCodeInput}
          placeholder="输入或粘贴 18 位会员码"
          maxlength={24}
        />
        <StatusText id="cashier-error" error={till.error} />
        <Button
          className={`btn ${process.env.TARO_ENV === 'weapp' ? 'btn-secondary' : 'btn-primary'} ${busyClass(till.busy)}`}
          id="cashier-identify"
          onClick={() => void till.identify(till.codeInput)}
        >
          识别会员
        </Button>
      </View>
      {canLookup ? <MemberLookup busy={till.busy} onLookup={(no, last4) => void till.lookup(no, last4)} /> : null}
      <View className="till-links">
        <Text className="till-link" id="cashier-redeem-link" onClick={() => open(ROUTES.redeem)}>
          核销礼品券 ›
        </Text>
        <Text className="till-link" id="cashier-refund-link" onClick={() => open(ROUTES.refund)}>
          退款 ›
        </Text>
      </View>
    </View>
  );
}

export default function StaffPage() {
  const { staff, logout } = useStaffSession();
  if (!staff) return <View className="page" id="staff-page" />;
  const atTill = staff.role === 'cashier' || staff.role === 'manager';

  return (
    <View className="page" id="staff-page">
      <View className="panel">
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
      {staff.role === 'manager' || staff.role === 'admin' ? (
        <View className="panel till-links" id="staff-compass">
          <Text className="till-link" id="staff-compass-link" onClick={() => open(ROUTES.compass)}>
            门店罗盘：会员增长、复购、客单价、流失与活跃 ›
          </Text>
        </View>
      ) : null}
      {atTill ? (
        <CashierHome canLookup={staff.role === 'manager'} />
      ) : (
        <View className="panel" id="staff-placeholder">
          <Text className="panel-title">管理后台</Text>
          <Text className="muted">管理员账号不属于门店，收银请使用收银员或店长账号登录；运营配置请使用管理后台。</Text>
        </View>
      )}
      <Button className="btn btn-plain" id="staff-logout" onClick={() => void logout()}>
        退出登录
      </Button>
    </View>
  );
}
