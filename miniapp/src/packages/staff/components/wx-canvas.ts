// The mini-program side of ECharts: a `<Canvas type="2d">` node dressed as the HTMLCanvasElement
// ECharts draws on, as echarts-for-weixin's `wx-canvas.js` does (Apache-2.0, apache/echarts-for-weixin),
// with touches forwarded to the chart so a tap shows the tooltip. H5 needs none of this.
import type { echarts as Echarts } from './echarts';

type Chart = ReturnType<typeof Echarts.init>;

/** The parts of a weapp canvas 2d node ECharts uses. */
export interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): CanvasRenderingContext2D;
  requestAnimationFrame?(cb: () => void): number;
  cancelAnimationFrame?(id: number): void;
}

export interface CanvasTouchEvent {
  touches: { x: number; y: number }[];
  changedTouches: { x: number; y: number }[];
}

export class WxCanvas {
  private chart: Chart | null = null;

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    readonly canvasNode: CanvasNode,
  ) {}

  getContext(type: string): CanvasRenderingContext2D | null {
    return type === '2d' ? this.ctx : null;
  }

  setChart(chart: Chart): void {
    this.chart = chart;
  }

  // ECharts subscribes to DOM events on its canvas; the mini-program has none (touches come from
  // the component's handlers below).
  addEventListener(): void {}
  removeEventListener(): void {}
  attachEvent(): void {}
  detachEvent(): void {}

  get width(): number {
    return this.canvasNode.width;
  }
  set width(w: number) {
    this.canvasNode.width = w;
  }
  get height(): number {
    return this.canvasNode.height;
  }
  set height(h: number) {
    this.canvasNode.height = h;
  }

  /** touchstart → mousedown, touchmove → mousemove, touchend → mouseup + click. */
  dispatch(kind: 'start' | 'move' | 'end', e: CanvasTouchEvent): void {
    const touch = (kind === 'end' ? e.changedTouches : e.touches)[0];
    if (!this.chart || !touch) return;
    const handler = this.chart.getZr().handler;
    const event = {
      zrX: touch.x,
      zrY: touch.y,
      preventDefault() {},
      stopImmediatePropagation() {},
      stopPropagation() {},
    };
    const names =
      kind === 'start' ? (['mousedown'] as const) : kind === 'move' ? (['mousemove'] as const) : (['mouseup', 'click'] as const);
    for (const name of names) handler.dispatch(name, event);
  }
}
