import { Button, Text, View } from '@tarojs/components';
import { CheckInCalendar } from '../../components/checkin-calendar';
import { StatusText } from '../../components/status-text';
import { useCheckIn } from '../../hooks/use-check-in';
import { milestonePercent, milestoneText, monthTitle, rewardText, shiftMonth, shortDate } from '../../services/engagement';
import '../../components/coupons.css';
import './index.css';

export default function CheckInPage() {
  const c = useCheckIn();
  const isH5 = process.env.TARO_ENV === 'h5';
  const cal = c.calendar;

  if (!cal) {
    return (
      <View className="page" id="checkin-page">
        {c.loadError ? (
          <View className="panel center">
            <StatusText id="checkin-load-error" error={c.loadError} />
            <Button className="btn btn-secondary" id="checkin-retry" onClick={() => void c.reload()}>
              重试
            </Button>
          </View>
        ) : (
          <Text className="muted" id="checkin-loading">
            加载中…
          </Text>
        )}
      </View>
    );
  }

  const thisMonth = cal.today.slice(0, 7);
  const done = cal.checkedInToday;
  const result = c.result?.response;

  return (
    <View className="page checkin-page" id="checkin-page">
      <View className="checkin-hero">
        <View className="checkin-hero__streak">
          <Text className="checkin-hero__label">已连续签到</Text>
          <View>
            <Text className="checkin-hero__days" id="checkin-streak">
              {cal.streak}
            </Text>
            <Text className="checkin-hero__unit">天</Text>
          </View>
        </View>
        <Button
          className={`checkin-submit ${done ? 'checkin-submit--done' : ''} ${c.busy ? 'btn--busy' : ''}`}
          id="checkin-submit"
          disabled={done || c.busy}
          loading={c.busy}
          onClick={() => void c.checkIn()}
        >
          {done ? '今天已签到' : '签到'}
        </Button>
        <Text className="checkin-hero__today" id="checkin-today-points">
          {done ? '明天再来，别断签哦' : `今日签到可得 ${cal.todayPoints} 积分`}
        </Text>
      </View>

      <StatusText id="checkin-error" error={c.error} />

      {result ? (
        <View className="panel checkin-result" id="checkin-result">
          <Text className="checkin-result__title">
            {c.result?.kind === 'makeup' ? `${shortDate(result.date)}补签成功` : '签到成功'}
          </Text>
          <Text className="checkin-result__points" id="checkin-result-points">
            +{result.pointsAwarded} 积分
          </Text>
          {result.rewards.map((r, i) => (
            <Text key={i} className="checkin-result__reward" id="checkin-result-reward">
              {rewardText(r)}
            </Text>
          ))}
          {c.result?.kind === 'makeup' ? (
            <Text className="muted" id="checkin-result-makeup">
              消耗 {c.result.response.costPoints} 积分 · 本周期还可补签 {c.result.response.makeUpsLeft} 次
            </Text>
          ) : null}
        </View>
      ) : null}

      <View className="panel" id="checkin-milestone">
        <Text className="panel-title">签到奖励</Text>
        <Text className="checkin-milestone__text" id="checkin-milestone-text">
          {milestoneText(cal.nextMilestone)}
        </Text>
        <View className="checkin-progress">
          <View className="checkin-progress__bar" style={{ width: `${milestonePercent(cal.nextMilestone)}%` }} />
        </View>
        <Text className="muted">本月已签到 {cal.checkedInMonth} 天</Text>
      </View>

      <View className="panel">
        <View className="checkin-month">
          <Text className="checkin-month__nav" id="checkin-prev-month" onClick={() => c.goMonth(shiftMonth(cal.month, -1))}>
            ‹ 上月
          </Text>
          <Text className="checkin-month__title" id="checkin-month">
            {monthTitle(cal.month)}
          </Text>
          {cal.month < thisMonth ? (
            <Text className="checkin-month__nav" id="checkin-next-month" onClick={() => c.goMonth(shiftMonth(cal.month, 1))}>
              下月 ›
            </Text>
          ) : (
            <Text className="checkin-month__nav checkin-month__nav--off">下月 ›</Text>
          )}
        </View>
        <CheckInCalendar days={cal.days} makeUpsLeft={cal.makeUpsLeft} onMakeUp={c.startMakeUp} />
        <View className="checkin-legend">
          <Text className="checkin-legend__item checkin-legend__item--checked">已签</Text>
          <Text className="checkin-legend__item checkin-legend__item--made_up">补签</Text>
          <Text className="checkin-legend__item checkin-legend__item--missed">漏签</Text>
        </View>
        <Text className="muted" id="checkin-makeup-info">
          补签一次消耗 {cal.makeUpCost} 积分，本周期还可补签 {cal.makeUpsLeft} 次
        </Text>
      </View>

      <View className="panel">
        <Text className="panel-title">签到提醒</Text>
        <Text className="muted checkin-subscribe__hint">
          {isH5 ? '沙箱环境没有微信订阅消息：点击模拟一次「允许」。' : '每次允许可收到一次晚间签到提醒。'}
        </Text>
        <StatusText id="checkin-subscribe-status" notice={c.subscribed} />
        <Button className="btn btn-secondary" id="checkin-subscribe" disabled={c.busy} onClick={() => void c.subscribe()}>
          {isH5 ? '模拟订阅签到提醒（沙箱）' : '开启签到提醒'}
        </Button>
      </View>

      {c.makeUpDate ? (
        <View className="sheet-mask" id="checkin-makeup-sheet">
          <View className="sheet">
            <Text className="sheet__title">补签 {shortDate(c.makeUpDate)}</Text>
            <Text className="sheet__body" id="checkin-makeup-cost">
              消耗 {cal.makeUpCost} 积分，本周期还可补签 {cal.makeUpsLeft} 次
            </Text>
            <Button className="btn btn-primary" id="checkin-makeup-ok" disabled={c.busy} onClick={() => void c.confirmMakeUp()}>
              确认补签
            </Button>
            <Button className="btn btn-plain" id="checkin-makeup-cancel" onClick={c.cancelMakeUp}>
              再想想
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}
