import { Button, Text, View } from '@tarojs/components';
import type { MyLotteryDraw } from '@huiyuan/shared';
import { LotteryGrid } from '../../../components/lottery-grid';
import { StatusText } from '../../../components/status-text';
import { formatDateTime } from '../../../hooks/use-points-history';
import { oddsPercent, resultText, useLottery } from '../../../hooks/use-lottery';
import '../../../pages/points/index.css';
import './index.css';

function DrawItem({ draw }: { draw: MyLotteryDraw }) {
  return (
    <View className="history-item" id="lottery-my-draw" data-draw-id={draw.drawId}>
      <View className="history-item__main">
        <Text className="history-item__reason">{resultText(draw)}</Text>
        <Text className="history-item__line">
          {draw.lotteryTitle} · {formatDateTime(draw.createdAt)}
        </Text>
        {draw.claimCode ? (
          <Text className="history-item__line" id="lottery-my-claim-code">
            领奖码 {draw.claimCode}（到店出示核销）
          </Text>
        ) : null}
      </View>
      <View className="history-item__side">
        <Text className="history-item__line">{draw.freeEntryUsed ? '免费' : `-${draw.costPoints} 积分`}</Text>
      </View>
    </View>
  );
}

export default function LotteryPage() {
  const l = useLottery();
  const lottery = l.lottery;

  if (!lottery) {
    return (
      <View className="page" id="lottery-page">
        {l.loadError ? (
          <View className="panel center">
            <StatusText id="lottery-load-error" error={l.loadError} />
            <Button className="btn btn-secondary" id="lottery-retry" onClick={() => void l.reload()}>
              重试
            </Button>
          </View>
        ) : (
          <Text className="muted" id={l.empty ? 'lottery-empty' : 'lottery-loading'}>
            {l.empty ? '暂无进行中的抽奖活动' : '加载中…'}
          </Text>
        )}
      </View>
    );
  }

  const noneLeft = lottery.remainingToday <= 0;
  const label = !lottery.open ? '未开放' : noneLeft ? '明天再来' : '抽奖';
  const cost =
    lottery.freeEntries > 0
      ? `免费机会 ${lottery.freeEntries} 次`
      : lottery.costPoints > 0
        ? `每次 ${lottery.costPoints} 积分`
        : '免费抽奖';

  return (
    <View className="page lottery-page" id="lottery-page">
      <View className="panel lottery-head">
        <Text className="lottery-head__title" id="lottery-title">
          {lottery.title}
        </Text>
        <Text className="muted" id="lottery-cost">
          {cost}
        </Text>
        <Text className="muted" id="lottery-remaining">
          今日还可抽 {lottery.remainingToday} 次
        </Text>
        <Text className="muted">截止 {formatDateTime(lottery.endsAt)}</Text>
      </View>

      <LotteryGrid
        cells={l.cells}
        active={l.active}
        disabled={!lottery.open || noneLeft}
        busy={l.busy}
        label={label}
        onDraw={() => void l.draw()}
      />

      <StatusText id="lottery-error" error={l.error} />

      {l.result ? (
        <View className="panel lottery-result" id="lottery-result">
          <Text className="lottery-result__title" id="lottery-result-text">
            {resultText(l.result)}
          </Text>
          {l.result.claimCode ? (
            <Text className="lottery-result__code" id="lottery-result-claim-code">
              领奖码 {l.result.claimCode}
            </Text>
          ) : null}
          {l.result.prize?.kind === 'coupon' ? <Text className="muted">优惠券已放入券包</Text> : null}
          {l.result.points ? <Text className="muted">+{l.result.points} 积分已到账</Text> : null}
        </View>
      ) : null}

      <View className="panel" id="lottery-odds">
        <Text className="panel__title">奖品与中奖概率</Text>
        {lottery.prizes.map((p) => (
          <View key={p.id} className="card-row" id="lottery-odds-row" data-prize-id={p.id}>
            <Text>{p.title}</Text>
            <Text className="muted">
              {oddsPercent(p.odds)}
              {p.remaining !== null ? ` · 剩余 ${p.remaining}` : ''}
            </Text>
          </View>
        ))}
        <Text className="muted lottery-odds__note">概率按奖品权重公布；奖品抽完后，抽中它视为谢谢参与。</Text>
      </View>

      <View className="panel" id="lottery-my-draws">
        <Text className="panel__title">我的抽奖记录</Text>
        {l.draws.length === 0 ? (
          <Text className="muted" id="lottery-my-draws-empty">
            还没有抽奖记录
          </Text>
        ) : (
          l.draws.map((d) => <DrawItem key={d.drawId} draw={d} />)
        )}
      </View>
    </View>
  );
}
