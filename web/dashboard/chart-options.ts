import type { EChartsCoreOption } from 'echarts/core';
import { fixed } from './format.js';

/**
 * The dashboard's chart options, free of the DOM, so the same figures can be rendered on the
 * server (the replication report renders them to SVG and PNG) as the dashboard draws them.
 */

/** Okabe-Ito-like palette: distinguishable with colour-vision deficiencies. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#6A3D9A',
  '#8C6D31',
  '#D55E00',
  '#7F7F7F',
  '#BCBD22',
];

export const BASE: EChartsCoreOption = {
  animation: false,
  textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
  tooltip: { confine: true },
};

export const axisName = (name: string) => ({
  name,
  nameLocation: 'middle' as const,
  nameGap: 32,
  nameTextStyle: { color: '#555' },
});

export interface LineSeries {
  name: string;
  color: string;
  points: [number, number][];
  /** Raw values drawn as faint dots under the line. */
  dots?: [number, number][];
  dashed?: boolean;
}

export interface LineChartOptions {
  xName: string;
  yName: string;
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  yScale?: boolean;
  digits?: number;
  legend?: boolean;
}

/** Lines over a numeric x axis (F-score curves, PC stability). */
export function lineChartOption(series: LineSeries[], opts: LineChartOptions): EChartsCoreOption {
  const digits = opts.digits ?? 3;
  return {
    grid: { left: 60, right: 16, top: 16, bottom: opts.legend === false ? 48 : 48 + 22 * Math.ceil(series.length / 4) },
    legend: opts.legend === false ? undefined : { bottom: 0, type: 'plain', data: series.map((s) => s.name) },
    xAxis: { type: 'value', min: opts.xMin, max: opts.xMax, ...axisName(opts.xName) },
    yAxis: {
      type: 'value',
      min: opts.yMin,
      max: opts.yMax,
      scale: opts.yScale ?? false,
      ...axisName(opts.yName),
      nameGap: 44,
    },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number) => fixed(v, digits),
    },
    series: series.flatMap((s) => [
      {
        type: 'line',
        name: s.name,
        data: s.points,
        showSymbol: s.points.length <= 12,
        symbolSize: 6,
        lineStyle: { width: 2.2, color: s.color, type: s.dashed ? 'dashed' : 'solid' },
        itemStyle: { color: s.color },
      },
      ...(s.dots
        ? [
            {
              type: 'scatter',
              name: s.name,
              data: s.dots,
              symbolSize: 5,
              itemStyle: { color: s.color, opacity: 0.35 },
              tooltip: { show: false },
            },
          ]
        : []),
    ]),
  };
}
