import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { Gender } from '@huiyuan/shared';
import { birthdayRuleText, DEFAULT_TIMEZONE, toLocalDate } from '@huiyuan/shared';
import { useEffect, useState } from 'react';
import { StatusText } from '../../components/status-text';
import { profileFormOf, profilePatch, useProfile, type ProfileForm } from '../../hooks/use-profile';
import { open, ROUTES } from '../../services/routes';
import './index.css';

const GENDERS: { value: Gender; label: string }[] = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
  { value: 'unknown', label: '保密' },
];

const isH5 = process.env.TARO_ENV === 'h5';

function PhoneBinding({ bind, busy }: { bind: (code: string) => Promise<void>; busy: boolean }) {
  const [phone, setPhone] = useState('');
  if (!isH5) {
    return (
      <Button
        className={`btn btn-secondary ${busy ? 'btn--busy' : ''}`}
        id="profile-phone-bind"
        openType="getPhoneNumber"
        loading={busy}
        disabled={busy}
        onGetPhoneNumber={(e) => void bind(e.detail.code ?? '')}
      >
        微信手机号快捷绑定
      </Button>
    );
  }
  return (
    <View>
      <Text className="muted profile-hint">H5 沙箱：输入手机号模拟微信授权</Text>
      <Input
        className="field-input"
        id="profile-phone-input"
        type="number"
        maxlength={11}
        value={phone}
        placeholder="11 位手机号"
        onInput={(e) => setPhone(e.detail.value)}
      />
      <Button
        className={`btn btn-secondary profile-bind-btn ${busy ? 'btn--busy' : ''}`}
        id="profile-phone-bind"
        loading={busy}
        disabled={busy}
        onClick={() => void bind(phone)}
      >
        绑定手机号
      </Button>
    </View>
  );
}

export default function ProfilePage() {
  const { card, loadError, save, saving, saveError, saveNotice, bindPhone, binding, bindError, bindNotice } = useProfile();
  const [form, setForm] = useState<ProfileForm | null>(null);

  useEffect(() => {
    if (card) setForm(profileFormOf(card));
  }, [card]);

  if (!card || !form) {
    return (
      <View className="page" id="profile-page">
        {loadError ? <StatusText id="profile-error" error={loadError} /> : <Text className="muted">加载中…</Text>}
      </View>
    );
  }

  const today = toLocalDate(new Date(), DEFAULT_TIMEZONE);

  return (
    <View className="page" id="profile-page">
      <View className="panel">
        <Text className="panel-title">基本资料</Text>
        <View className="field">
          <Text className="field-label">昵称</Text>
          <Input
            className="field-input"
            id="profile-nickname"
            value={form.nickname}
            maxlength={32}
            placeholder="请输入昵称"
            onInput={(e) => setForm({ ...form, nickname: e.detail.value })}
          />
        </View>
        <View className="field">
          <Text className="field-label">生日</Text>
          <Picker
            mode="date"
            value={form.birthday || '1995-01-01'}
            start="1900-01-01"
            end={today}
            onChange={(e) => setForm({ ...form, birthday: String(e.detail.value) })}
          >
            <View className="field-input profile-picker" id="profile-birthday">
              {form.birthday || '请选择生日'}
            </View>
          </Picker>
          <Text className="muted profile-birthday-rule" id="profile-birthday-rule">
            {birthdayRuleText(Boolean(card.birthday))}
          </Text>
        </View>
        <View className="field">
          <Text className="field-label">性别</Text>
          <View className="profile-genders">
            {GENDERS.map((g) => (
              <View
                key={g.value}
                id={`profile-gender-${g.value}`}
                className={`profile-gender ${form.gender === g.value ? 'profile-gender--active' : ''}`}
                onClick={() => setForm({ ...form, gender: g.value })}
              >
                {g.label}
              </View>
            ))}
          </View>
        </View>
        <StatusText id="profile-status" error={saveError} notice={saveNotice} />
        <Button
          className={`btn btn-primary ${saving ? 'btn--busy' : ''}`}
          id="profile-save"
          loading={saving}
          disabled={saving}
          onClick={() => void save(profilePatch(card, form))}
        >
          保存
        </Button>
      </View>

      <View className="panel">
        <Text className="panel-title">手机号</Text>
        <View className="card-row profile-phone-row">
          {/* One state, said once: 已绑定 with the masked number, or 未绑定. */}
          <Text id="profile-phone-state">{card.phoneMasked ? '已绑定' : '未绑定'}</Text>
          {card.phoneMasked ? (
            <Text className="muted" id="profile-phone">
              {card.phoneMasked}
            </Text>
          ) : null}
        </View>
        <StatusText id="profile-phone-status" error={bindError} notice={bindNotice} />
        <PhoneBinding bind={bindPhone} busy={binding} />
      </View>

      <View className="panel card-row" id="profile-stored-value-link" onClick={() => open(ROUTES.storedValue)}>
        <Text>我的储值</Text>
        <Text className="muted">余额 · 充值 · 明细 ›</Text>
      </View>

      <View className="panel card-row" id="profile-membership-link" onClick={() => open(ROUTES.membership)}>
        <Text>付费会员</Text>
        <Text className="muted">PLUS 会员权益 · 开通与续费 ›</Text>
      </View>

      <View className="panel card-row" id="profile-privacy-data-link" onClick={() => open(ROUTES.privacyData)}>
        <Text>隐私与数据</Text>
        <Text className="muted">导出 · 撤回同意 · 注销 ›</Text>
      </View>

      <View className="panel card-row" id="profile-messages-link" onClick={() => open(ROUTES.messages)}>
        <Text>消息中心</Text>
        <Text className="muted">礼券到账 · 积分提醒 · 活动消息 ›</Text>
      </View>

      <View className="panel card-row" id="profile-feedback-link" onClick={() => open(ROUTES.feedback)}>
        <Text>意见反馈</Text>
        <Text className="muted">我的反馈与回复 ›</Text>
      </View>
    </View>
  );
}
