// One trend chart drawn by ECharts. H5: ECharts on the element (it adds its own <canvas>).
// weapp: a `<Canvas type="2d">` node queried after render, wrapped by WxCanvas as echarts-for-weixin does.
import { Canvas, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef } from 'react';
import type { TrendSeries } from '../compass/figures';
import { trendOption } from './chart-option';
import { echarts } from './echarts';
import { WxCanvas, type CanvasNode, type CanvasTouchEvent } from './wx-canvas';

type Chart = ReturnType<typeof echarts.init>;

const HEIGHT_PX = 200;

function pixelRatio(): number {
  try {
    return Taro.getWindowInfo?.().pixelRatio ?? Taro.getSystemInfoSync().pixelRatio;
  } catch {
    return 2;
  }
}

export function TrendChart({ id, series }: { id: string; series: TrendSeries }) {
  const chart = useRef<Chart | null>(null);
  const wx = useRef<WxCanvas | null>(null);
  const option = trendOption(series);

  // Create the chart once per mount.
  useEffect(() => {
    let disposed = false;
    if (process.env.TARO_ENV === 'h5') {
      const el = document.getElementById(id);
      if (el) chart.current = echarts.init(el, undefined, { renderer: 'canvas', height: HEIGHT_PX });
      const resize = () => chart.current?.resize();
      window.addEventListener('resize', resize);
      if (chart.current) chart.current.setOption(option as never, { notMerge: true });
      return () => {
        window.removeEventListener('resize', resize);
        chart.current?.dispose();
        chart.current = null;
      };
    }
    void Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: CanvasNode; width: number; height: number }[]) => {
          const found = res[0];
          if (disposed || !found?.node) return;
          const ctx = found.node.getContext('2d');
          const canvas = new WxCanvas(ctx, found.node);
          echarts.setPlatformAPI({ createCanvas: () => canvas as unknown as HTMLCanvasElement });
          const c = echarts.init(canvas as unknown as HTMLElement, undefined, {
            width: found.width,
            height: found.height,
            devicePixelRatio: pixelRatio(),
          });
          canvas.setChart(c);
          c.setOption(trendOption(series) as never, { notMerge: true });
          chart.current = c;
          wx.current = canvas;
        });
    });
    return () => {
      disposed = true;
      chart.current?.dispose();
      chart.current = null;
      wx.current = null;
    };
    // created once; data changes below
  }, [id]);

  // New data: replace the option (no animation).
  useEffect(() => {
    chart.current?.setOption(option as never, { notMerge: true });
    // `option` is derived from `series`
  }, [series]);

  if (process.env.TARO_ENV === 'h5') {
    return <View id={id} className="trend-chart" style={{ height: `${HEIGHT_PX}px` }} />;
  }
  const touch = (kind: 'start' | 'move' | 'end') => (e: unknown) => wx.current?.dispatch(kind, e as CanvasTouchEvent);
  return (
    <Canvas
      type="2d"
      id={id}
      canvasId={id}
      className="trend-chart"
      style={{ width: '100%', height: `${HEIGHT_PX}px` }}
      onTouchStart={touch('start')}
      onTouchMove={touch('move')}
      onTouchEnd={touch('end')}
    />
  );
}
