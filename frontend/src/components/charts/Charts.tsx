/** Small SVG charts; each comes with its table and CSV through ChartFrame. */
import type { ComponentChildren } from "preact";
import { useI18n } from "../../i18n";
import { ChartFrame } from "./ChartFrame";
import { type ChartData, colour, type ValueAxis, valueAxis } from "./data";

const WIDTH = 640;
const HEIGHT = 280;
const PAD = { top: 16, right: 16, bottom: 48, left: 48 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

interface ChartProps {
  id: string;
  title: string;
  data: ChartData;
  filename: string;
  /** Shown under the chart, e.g. why some figures are "–". */
  note?: ComponentChildren;
  /** Replaces the built-in CSV (e.g. the API's own CSV export for Excel). */
  onDownload?: () => void;
}

function Axes({ axis, categories }: { axis: ValueAxis; categories: readonly string[] }) {
  const { formatNumber } = useI18n();
  const { max, ticks } = axis;
  const slot = PLOT_W / Math.max(categories.length, 1);
  return (
    <g class="chart-axes" font-size="12" fill="#1a1a1a">
      {ticks.map((tick) => {
        const y = PAD.top + PLOT_H - (tick / max) * PLOT_H;
        return (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} stroke="#d8d8d8" />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end">
              {formatNumber(tick)}
            </text>
          </g>
        );
      })}
      {categories.map((category, index) => (
        <text
          key={category}
          x={PAD.left + slot * index + slot / 2}
          y={HEIGHT - PAD.bottom + 18}
          text-anchor="middle"
        >
          {category.length > 14 ? category.slice(0, 13) + "…" : category}
        </text>
      ))}
    </g>
  );
}

const LEGEND_ITEM_WIDTH = 150;
const LEGEND_ROW_HEIGHT = 18;
const LEGEND_PER_ROW = Math.floor((WIDTH - PAD.left) / LEGEND_ITEM_WIDTH);

/** Extra height the legend needs when its items take more than one row. */
function legendExtra(data: ChartData): number {
  if (data.series.length < 2) return 0;
  return (Math.ceil(data.series.length / LEGEND_PER_ROW) - 1) * LEGEND_ROW_HEIGHT;
}

function Legend({ data }: { data: ChartData }) {
  if (data.series.length < 2) return null;
  return (
    <g font-size="12" fill="#1a1a1a">
      {data.series.map((series, index) => {
        const x = PAD.left + (index % LEGEND_PER_ROW) * LEGEND_ITEM_WIDTH;
        const y = HEIGHT - 14 + Math.floor(index / LEGEND_PER_ROW) * LEGEND_ROW_HEIGHT;
        return (
          <g key={series.name} transform={`translate(${x}, ${y})`}>
            <rect width="12" height="12" y="-10" fill={colour(index)} />
            <text x="18">{series.name}</text>
          </g>
        );
      })}
    </g>
  );
}

function Svg({ children, extra = 0 }: { children: preact.ComponentChildren; extra?: number }) {
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + extra}`} width="100%" role="presentation" focusable="false">
      {children}
    </svg>
  );
}

export function BarChart(props: ChartProps) {
  const { data } = props;
  const axis = valueAxis(data.series.flatMap((series) => series.values));
  const max = axis.max;
  const slot = PLOT_W / Math.max(data.categories.length, 1);
  const groupWidth = slot * 0.7;
  const barWidth = groupWidth / Math.max(data.series.length, 1);
  return (
    <ChartFrame {...props}>
      <Svg extra={legendExtra(data)}>
        <Axes axis={axis} categories={data.categories} />
        {data.series.map((series, s) =>
          data.categories.map((category, c) => {
            const value = series.values[c] ?? 0;
            const height = (value / max) * PLOT_H;
            return (
              <rect
                key={`${series.name}-${category}`}
                x={PAD.left + slot * c + (slot - groupWidth) / 2 + barWidth * s}
                y={PAD.top + PLOT_H - height}
                width={barWidth}
                height={height}
                fill={colour(s)}
              />
            );
          }),
        )}
        <Legend data={data} />
      </Svg>
    </ChartFrame>
  );
}

export function StackedBarChart(props: ChartProps) {
  const { data } = props;
  const totals = data.categories.map((_, c) =>
    data.series.reduce((sum, series) => sum + (series.values[c] ?? 0), 0),
  );
  const axis = valueAxis(totals);
  const max = axis.max;
  const slot = PLOT_W / Math.max(data.categories.length, 1);
  const barWidth = slot * 0.6;
  return (
    <ChartFrame {...props}>
      <Svg extra={legendExtra(data)}>
        <Axes axis={axis} categories={data.categories} />
        {data.categories.map((category, c) => {
          let base = 0;
          return data.series.map((series, s) => {
            const value = series.values[c] ?? 0;
            const height = (value / max) * PLOT_H;
            const y = PAD.top + PLOT_H - ((base + value) / max) * PLOT_H;
            base += value;
            return (
              <rect
                key={`${category}-${series.name}`}
                x={PAD.left + slot * c + (slot - barWidth) / 2}
                y={y}
                width={barWidth}
                height={height}
                fill={colour(s)}
                stroke="#ffffff"
              />
            );
          });
        })}
        <Legend data={data} />
      </Svg>
    </ChartFrame>
  );
}

export function LineChart(props: ChartProps) {
  const { data } = props;
  const axis = valueAxis(data.series.flatMap((series) => series.values));
  const max = axis.max;
  const slot = PLOT_W / Math.max(data.categories.length, 1);
  const x = (index: number) => PAD.left + slot * index + slot / 2;
  const y = (value: number) => PAD.top + PLOT_H - (value / max) * PLOT_H;
  return (
    <ChartFrame {...props}>
      <Svg extra={legendExtra(data)}>
        <Axes axis={axis} categories={data.categories} />
        {data.series.map((series, s) => (
          <g key={series.name}>
            <polyline
              fill="none"
              stroke={colour(s)}
              stroke-width="3"
              points={series.values
                .flatMap((value, c) => (value === null ? [] : [`${x(c)},${y(value)}`]))
                .join(" ")}
            />
            {series.values.map((value, c) =>
              value === null ? null : (
                <circle key={c} cx={x(c)} cy={y(value)} r="4" fill={colour(s)} />
              ),
            )}
          </g>
        ))}
        <Legend data={data} />
      </Svg>
    </ChartFrame>
  );
}
