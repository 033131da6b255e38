// Only the parts of ECharts the office's charts use, so that the page ships a small bundle:
// bar and line series, a grid with axes, tooltip and legend, drawn as SVG (crisp in print).
// The zh and en locales are built into echarts/core.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { init };
export type { EChartsCoreOption } from 'echarts/core';
