import { Button, Image, Text, View } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import { useRef } from 'react';
import { StatusText } from '../../../components/status-text';
import { useReferral } from '../../../hooks/use-referral';
import { FRIEND_STATUS_LABEL, rewardsSummary } from '../../../services/engagement';
import { ROUTES } from '../../../services/routes';
import './index.css';

export default function ReferralPage() {
  const r = useReferral();
  const isH5 = process.env.TARO_ENV === 'h5';
  const sharePath = useRef<string>(ROUTES.login);
  if (r.summary) sharePath.current = r.summary.sharePath;

  // weapp: the share button (openType="share") and the menu both share the login page with the code.
  useShareAppMessage(() => ({ title: '送您会员积分，一起来领好礼', path: sharePath.current }));

  if (!r.summary) {
    return (
      <View className="page" id="referral-page">
        {r.error ? (
          <View className="panel center">
            <StatusText id="referral-error" error={r.error} />
            <Button className="btn btn-secondary" id="referral-retry" onClick={() => void r.reload()}>
              重试
            </Button>
          </View>
        ) : (
          <Text className="muted" id="referral-loading">
            加载中…
          </Text>
        )}
      </View>
    );
  }

  const s = r.summary;
  return (
    <View className="page referral-page" id="referral-page">
      <View className="referral-poster" id="referral-poster">
        <Text className="referral-poster__title">邀请好友，一起领积分</Text>
        <Text className="referral-poster__sub">好友首次消费后，您和好友都能获得奖励</Text>
        <View className="referral-poster__qr">
          {r.qrCode ? (
            <Image className="referral-poster__img" id="referral-qrcode" src={r.qrCode} mode="aspectFit" showMenuByLongpress />
          ) : (
            <Text className="muted" id="referral-qrcode-status" onClick={() => void r.retryQrCode()}>
              {r.qrError ? `${r.qrError}（点击重试）` : '小程序码加载中…'}
            </Text>
          )}
        </View>
        <Text className="referral-poster__hint">{isH5 ? '微信扫码进入小程序' : '长按识别小程序码'}</Text>
        <View className="referral-poster__code">
          <Text className="referral-poster__code-label">我的邀请码</Text>
          <Text className="referral-poster__code-value" id="referral-code" userSelect>
            {s.inviteCode}
          </Text>
        </View>
      </View>

      {isH5 ? (
        <View className="panel">
          <Button className="btn btn-primary" id="referral-share" onClick={() => void r.copyLink()}>
            复制邀请链接
          </Button>
          <StatusText id="referral-share-notice" notice={r.shareNotice} />
          <Text className="muted referral-link" id="referral-share-link" userSelect>
            {r.link}
          </Text>
        </View>
      ) : (
        <Button className="btn btn-primary referral-share" id="referral-share" openType="share">
          分享给好友
        </Button>
      )}

      <View className="panel" id="referral-rewards">
        <Text className="panel-title">我的奖励</Text>
        <View className="card-row">
          <Text>已获得</Text>
          <Text className="referral-rewards__value" id="referral-rewards-earned">
            {rewardsSummary(s.rewardsEarned)}
          </Text>
        </View>
        <View className="card-row referral-rewards__row">
          <Text>待发放</Text>
          <Text className="muted" id="referral-rewards-pending">
            {rewardsSummary(s.rewardsPending)}
          </Text>
        </View>
        <Text className="muted referral-rewards__note">奖励在好友首单过了退款期后发放；退款期内退款则取消。</Text>
      </View>

      <View className="panel" id="referral-friends">
        <Text className="panel-title">已邀请好友（{s.invited.length}）</Text>
        {s.invited.length === 0 ? (
          <Text className="muted" id="referral-friends-empty">
            还没有好友通过您的邀请加入，快去分享吧
          </Text>
        ) : (
          s.invited.map((f, i) => (
            <View
              key={`${f.joinedAt}-${i}`}
              className={`referral-friend referral-friend--${f.status}`}
              id="referral-friend"
              data-status={f.status}
            >
              <View className="referral-friend__who">
                <Text className="referral-friend__name">{f.nickname ?? '微信用户'}</Text>
                <Text className="muted">{f.joinedAt.slice(0, 10)} 加入</Text>
              </View>
              <Text className={`referral-friend__status referral-status--${f.status}`} id="referral-friend-status">
                {FRIEND_STATUS_LABEL[f.status]}
              </Text>
            </View>
          ))
        )}
      </View>
    </View>
  );
}
