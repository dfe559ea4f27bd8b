// ECharts, tree-shaken to what the compass draws: line charts on a grid with a tooltip, canvas
// renderer. The full build is ~1 MB minified; this is the part that ships in the staff subpackage.
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
export type EChartsOption = Parameters<echarts.ECharts['setOption']>[0];
