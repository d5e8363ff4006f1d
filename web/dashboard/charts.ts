import { BoxplotChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { axisName, BASE, type LineChartOptions, lineChartOption, type LineSeries } from './chart-options.js';
import { num } from './format.js';
import { type BoxStats, boxStats, kde } from './stats.js';

export { type LineSeries, PALETTE } from './chart-options.js';

/**
 * Charts with Apache ECharts, tree-shaken to what the pages use and bundled at build time. The
 * SVG renderer keeps figures crisp in screenshots and lets tests check that something was drawn.
 */
echarts.use([
  LineChart,
  ScatterChart,
  BoxplotChart,
  CustomChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

const live = new Set<echarts.EChartsType>();
const observer = new ResizeObserver((entries) => {
  for (const entry of entries) echarts.getInstanceByDom(entry.target as HTMLElement)?.resize();
});

/** Disposes every chart (the page is being replaced). */
export function disposeCharts(): void {
  for (const chart of live) {
    observer.unobserve(chart.getDom());
    chart.dispose();
  }
  live.clear();
}

export function mountChart(el: HTMLElement, option: EChartsCoreOption): echarts.EChartsType {
  const chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({ ...BASE, ...option });
  live.add(chart);
  observer.observe(el);
  return chart;
}

export interface ViolinGroup {
  name: string;
  values: ArrayLike<number>;
  color: string;
}

/** Violins (kernel density, mirrored) with a box plot inside each: paper Figure 3. */
export function violinChart(el: HTMLElement, groups: ViolinGroup[], yName: string): echarts.EChartsType {
  const stats: BoxStats[] = groups.map((g) => boxStats(g.values));
  const densities = groups.map((g) => kde(g.values));
  const maxDensity = densities.map((d) => Math.max(...d.map((p) => p[1])) || 1);
  return mountChart(el, {
    grid: { left: 64, right: 16, top: 16, bottom: 64 },
    xAxis: {
      type: 'category',
      data: groups.map((g) => g.name),
      axisLabel: { interval: 0, rotate: groups.length > 4 ? 20 : 0 },
    },
    yAxis: {
      type: 'value',
      scale: true,
      ...axisName(yName),
      nameGap: 52,
      axisLabel: { formatter: (v: number) => num(v) },
    },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const s = stats[p.dataIndex]!;
        return [
          `<b>${groups[p.dataIndex]!.name}</b> (${s.n} images)`,
          `max ${num(s.max)}`,
          `Q3 ${num(s.q3)}`,
          `median ${num(s.median)}`,
          `mean (ODist) ${num(s.mean)}`,
          `Q1 ${num(s.q1)}`,
          `min ${num(s.min)}`,
        ].join('<br>');
      },
    },
    series: [
      {
        type: 'custom',
        name: 'density',
        data: groups.map((_, i) => [i]),
        renderItem: (params: { dataIndex: number }, api: CustomApi) => {
          const i = params.dataIndex;
          const half = api.size([1, 0])[0]! * 0.42;
          const d = densities[i]!;
          const right = d.map(([v, dens]) => {
            const [x, y] = api.coord([i, v]);
            return [x! + (half * dens) / maxDensity[i]!, y!];
          });
          const left = d.map(([v, dens]) => {
            const [x, y] = api.coord([i, v]);
            return [x! - (half * dens) / maxDensity[i]!, y!];
          });
          return {
            type: 'polygon',
            shape: { points: [...right, ...left.reverse()] },
            style: { fill: groups[i]!.color, opacity: 0.35, stroke: groups[i]!.color, lineWidth: 1 },
          };
        },
        z: 1,
      },
      {
        type: 'boxplot',
        name: 'quartiles',
        boxWidth: [6, 14],
        itemStyle: { color: '#fff', borderColor: '#333', borderWidth: 1.2 },
        data: stats.map((s) => [s.lowWhisker, s.q1, s.median, s.q3, s.highWhisker]),
        z: 2,
      },
      {
        type: 'scatter',
        name: 'outliers',
        symbolSize: 5,
        itemStyle: { color: '#333' },
        data: stats.flatMap((s, i) => s.outliers.map((v) => [i, v])),
        tooltip: { formatter: (p: { value: [number, number] }) => `outlier ${num(p.value[1])}` },
        z: 3,
      },
    ],
  });
}

/** The slice of ECharts' custom-series API that the violin uses. */
interface CustomApi {
  coord(value: [number, number]): number[];
  size(value: [number, number]): number[];
}

/** Lines over a numeric x axis (F-score curves, PC stability). */
export function lineChart(el: HTMLElement, series: LineSeries[], opts: LineChartOptions): echarts.EChartsType {
  return mountChart(el, lineChartOption(series, opts));
}
