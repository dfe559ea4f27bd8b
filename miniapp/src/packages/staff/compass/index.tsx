// 门店罗盘 (issue 11 item 6): a store's five KPIs for 今日 / 近7天 / 近30天, daily trends drawn by
// ECharts, the lifecycle funnel and the top segments. Managers: their store; admins pick one.
import { Button, Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { StatusText } from '../../../components/status-text';
import { TrendChart } from '../components/trend-chart';
import { kpiFigures, lifecycleFunnel, PERIODS, TRENDS, trendSeries, type Figure, type FigureKey, type TrendKey } from './figures';
import { useCompass } from './use-compass';
import './compass.css';

function FigureCard({ figure, open, onToggle }: { figure: Figure; open: boolean; onToggle: () => void }) {
  return (
    <View
      className={`compass-figure ${figure.primary ? 'compass-figure--primary' : ''}`}
      id={`compass-kpi-${figure.key}`}
      onClick={onToggle}
    >
      <Text className="compass-figure-label">
        {figure.label} <Text className="compass-figure-info">ⓘ</Text>
      </Text>
      <Text className="compass-figure-value" id={`compass-kpi-${figure.key}-value`}>
        {figure.value}
      </Text>
      {figure.hint ? (
        <Text className="compass-figure-hint" id={`compass-kpi-${figure.key}-hint`}>
          {figure.hint}
        </Text>
      ) : null}
      {open ? (
        <Text className="compass-figure-definition" id={`compass-kpi-${figure.key}-definition`}>
          {figure.definition}
        </Text>
      ) : null}
    </View>
  );
}

export default function CompassPage() {
  const c = useCompass();
  const [openFigure, setOpenFigure] = useState<FigureKey | null>(null);
  const [trend, setTrend] = useState<TrendKey>('gmv');
  const figures = useMemo(() => (c.kpis ? kpiFigures(c.kpis) : []), [c.kpis]);
  const chart = useMemo(() => (c.series ? trendSeries(c.series, trend) : null), [c.series, trend]);

  if (c.access === 'loading') return <View className="page" id="compass-page" />;
  if (c.access === 'denied') {
    return (
      <View className="page" id="compass-page">
        <View className="panel" id="compass-denied">
          <Text className="panel-title">门店罗盘</Text>
          <Text className="muted">门店罗盘仅对店长和管理员开放。</Text>
        </View>
      </View>
    );
  }

  return (
    <View className="page" id="compass-page">
      <View className="panel compass-head">
        <Text className="panel-title" id="compass-store">
          {c.storeName}
        </Text>
        {c.staff?.role === 'admin' ? (
          <View className="compass-chips" id="compass-stores">
            <Text
              className={`compass-chip ${c.storeId === null ? 'compass-chip--active' : ''}`}
              id="compass-store-all"
              onClick={() => c.setStoreId(null)}
            >
              全部门店
            </Text>
            {c.stores.map((s) => (
              <Text
                key={s.id}
                className={`compass-chip ${c.storeId === s.id ? 'compass-chip--active' : ''}`}
                id={`compass-store-${s.id}`}
                onClick={() => c.setStoreId(s.id)}
              >
                {s.name}
              </Text>
            ))}
          </View>
        ) : null}
        <View className="compass-tabs" id="compass-periods">
          {PERIODS.map((p) => (
            <Text
              key={p.key}
              className={`compass-tab ${c.period === p.key ? 'compass-tab--active' : ''}`}
              id={`compass-period-${p.key}`}
              onClick={() => c.setPeriod(p.key)}
            >
              {p.label}
            </Text>
          ))}
        </View>
        {c.kpis ? (
          <Text className="muted compass-range" id="compass-range">
            {c.kpis.from === c.kpis.to ? c.kpis.from : `${c.kpis.from} 至 ${c.kpis.to}`}（{c.kpis.timezone}）
          </Text>
        ) : null}
      </View>

      <StatusText id="compass-error" error={c.error} />
      {c.error ? (
        <Button className="btn btn-secondary" id="compass-retry" onClick={c.reload}>
          重新加载
        </Button>
      ) : null}

      {c.kpis ? (
        <View className="panel">
          <Text className="panel-title">核心指标</Text>
          {/* data-store: the scope the figures shown were answered for (all = every store). */}
          <View
            className={`compass-grid ${c.loading ? 'compass-grid--loading' : ''}`}
            id="compass-kpis"
            data-store={c.kpis.storeId ?? 'all'}
          >
            {figures.map((f) => (
              <FigureCard
                key={f.key}
                figure={f}
                open={openFigure === f.key}
                onToggle={() => setOpenFigure(openFigure === f.key ? null : f.key)}
              />
            ))}
          </View>
          <Text className="muted compass-note">点按指标查看口径 · 口径版本 {c.kpis.definitionVersion}</Text>
        </View>
      ) : null}

      {chart ? (
        <View className="panel" id="compass-trends">
          <Text className="panel-title">每日趋势{c.period === 'today' ? '（近7天）' : ''}</Text>
          <View className="compass-tabs">
            {TRENDS.map((t) => (
              <Text
                key={t.key}
                className={`compass-tab ${trend === t.key ? 'compass-tab--active' : ''}`}
                id={`compass-trend-${t.key}`}
                onClick={() => setTrend(t.key)}
              >
                {t.label}
              </Text>
            ))}
          </View>
          <TrendChart id="compass-chart" series={chart} />
        </View>
      ) : null}

      {c.kpis ? (
        <View className="panel" id="compass-funnel">
          <Text className="panel-title">会员生命周期</Text>
          {lifecycleFunnel(c.kpis.lifecycle).map((row) => (
            <View className="compass-funnel-row" key={row.stage} id={`compass-funnel-${row.stage}`}>
              <Text className="compass-funnel-label">{row.label}</Text>
              <View className="compass-funnel-track">
                <View className={`compass-funnel-bar compass-funnel-bar--${row.stage}`} style={{ width: `${row.width}%` }} />
              </View>
              <Text className="compass-funnel-count" id={`compass-funnel-${row.stage}-count`}>
                {row.count}
              </Text>
              <Text className="compass-funnel-share muted">{row.share}</Text>
            </View>
          ))}
          {c.kpis.members.total === 0 ? (
            <Text className="muted compass-note" id="compass-funnel-empty">
              暂无归属本店的会员（会员按注册门店归属，消费与订单按下单门店统计）。
            </Text>
          ) : null}
          <Text className="muted compass-note">
            期末会员按最近消费划分：新会员 30 天内首单，活跃 60 天内，沉默 180 天内，其余流失。
          </Text>
        </View>
      ) : null}

      {c.segments && c.segments.length > 0 ? (
        <View className="panel" id="compass-segments">
          <Text className="panel-title">重点人群</Text>
          {c.segments.map((s) => (
            <View className="card-row" key={s.id} id="compass-segment">
              <Text>{s.name}</Text>
              <Text id="compass-segment-count">{s.memberCount} 人</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
