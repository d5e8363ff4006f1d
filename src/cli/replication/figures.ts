import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import sharp from 'sharp';
import { BASE, type LineChartOptions, lineChartOption, type LineSeries } from '../../../web/dashboard/chart-options.js';

echarts.use([LineChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export { type LineSeries, PALETTE } from '../../../web/dashboard/chart-options.js';

/**
 * Renders a line chart with the dashboard's own options (web/dashboard/chart-options.ts) through
 * ECharts' server-side SVG renderer, and rasterises it to PNG with sharp, so the report's figures
 * are the dashboard's figures.
 */
export async function writeLineChartPng(
  file: string,
  series: LineSeries[],
  options: LineChartOptions & { title?: string; width?: number; height?: number },
): Promise<void> {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const option = lineChartOption(series, options);
  const grid = option.grid as { top: number };
  chart.setOption({
    ...BASE,
    ...option,
    backgroundColor: '#ffffff',
    // The browser's font list quotes "Segoe UI", which ECharts writes unescaped into the SVG's
    // attributes; librsvg needs one plain family.
    textStyle: { fontFamily: 'DejaVu Sans, sans-serif' },
    ...(options.title
      ? {
          title: { text: options.title, left: 'center', top: 4, textStyle: { fontSize: 14 } },
          grid: { ...grid, top: 40 },
        }
      : {}),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  await sharp(Buffer.from(svg), { density: 144 }).png().toFile(file);
}
