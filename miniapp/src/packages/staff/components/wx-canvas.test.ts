import { WxCanvas, type CanvasNode } from './wx-canvas';

function fakeChart() {
  const dispatched: { name: string; x: number; y: number }[] = [];
  const chart = {
    getZr: () => ({
      handler: { dispatch: (name: string, e: { zrX: number; zrY: number }) => dispatched.push({ name, x: e.zrX, y: e.zrY }) },
    }),
  };
  return { chart, dispatched };
}

const node = (): CanvasNode => ({ width: 300, height: 150, getContext: () => ({}) as CanvasRenderingContext2D });

describe('WxCanvas (the weapp canvas 2d node as ECharts sees it)', () => {
  it('hands out its 2d context only, and sizes the node', () => {
    const ctx = {} as CanvasRenderingContext2D;
    const n = node();
    const canvas = new WxCanvas(ctx, n);
    expect(canvas.getContext('2d')).toBe(ctx);
    expect(canvas.getContext('webgl')).toBeNull();
    canvas.width = 750;
    canvas.height = 400;
    expect([n.width, n.height, canvas.width, canvas.height]).toEqual([750, 400, 750, 400]);
  });

  it('forwards touches as the mouse events ECharts listens to (a tap shows the tooltip)', () => {
    const canvas = new WxCanvas({} as CanvasRenderingContext2D, node());
    const { chart, dispatched } = fakeChart();
    canvas.dispatch('start', { touches: [{ x: 1, y: 2 }], changedTouches: [] }); // before setChart: ignored
    canvas.setChart(chart as never);
    canvas.dispatch('start', { touches: [{ x: 10, y: 20 }], changedTouches: [] });
    canvas.dispatch('move', { touches: [{ x: 11, y: 21 }], changedTouches: [] });
    canvas.dispatch('end', { touches: [], changedTouches: [{ x: 12, y: 22 }] });
    expect(dispatched).toEqual([
      { name: 'mousedown', x: 10, y: 20 },
      { name: 'mousemove', x: 11, y: 21 },
      { name: 'mouseup', x: 12, y: 22 },
      { name: 'click', x: 12, y: 22 },
    ]);
  });
});
