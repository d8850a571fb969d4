/** Small SVG charts; each comes with its table and CSV through ChartFrame. */
import type { ComponentChildren, RefObject } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { ChartFrame } from "./ChartFrame";
import { type ChartData, colour, type ValueAxis, valueAxis } from "./data";
import { type ChartLayout, chartLayout, FONT_SIZE, LINE_HEIGHT, MAX_WIDTH, textWidth } from "./layout";

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

/** The width the chart really has, followed as the page reflows or zooms. */
function useMeasuredWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(MAX_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    setWidth(element.clientWidth);
    if (typeof ResizeObserver === "undefined") return undefined;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) setWidth(entry.contentRect.width);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** The chart's layout for its measured width, and the value axis it draws. */
function useChartLayout(data: ChartData, axis: ValueAxis) {
  const { formatNumber } = useI18n();
  const [ref, measured] = useMeasuredWidth();
  const tickLabels = axis.ticks.map((tick) => formatNumber(tick));
  const layout = chartLayout(measured, data.categories, tickLabels);
  const y = (value: number) => layout.pad.top + layout.plotHeight - (value / axis.max) * layout.plotHeight;
  return { ref, layout, tickLabels, y };
}

function Axes({ layout, axis, tickLabels }: { layout: ChartLayout; axis: ValueAxis; tickLabels: string[] }) {
  const { pad, plotHeight, width, slot } = layout;
  return (
    <g class="chart-axes" font-size={FONT_SIZE} fill="#1a1a1a">
      {axis.ticks.map((tick, index) => {
        const y = pad.top + plotHeight - (tick / axis.max) * plotHeight;
        return (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y} y2={y} stroke="#d8d8d8" />
            <text x={pad.left - 6} y={y + 5} text-anchor="end">
              {tickLabels[index]}
            </text>
          </g>
        );
      })}
      {layout.labels.map((lines, index) => {
        if (lines.length === 0) return null;
        // Keep a label that is wider than its slot (a thinned axis) inside the chart.
        const half = Math.max(...lines.map((line) => textWidth(line))) / 2;
        const centre = pad.left + slot * index + slot / 2;
        const x = Math.min(Math.max(centre, half), width - half);
        return (
          <text key={index} x={x} y={pad.top + plotHeight + LINE_HEIGHT} text-anchor="middle">
            {lines.map((line, row) => (
              <tspan key={row} x={x} dy={row === 0 ? 0 : LINE_HEIGHT}>
                {line}
              </tspan>
            ))}
          </text>
        );
      })}
    </g>
  );
}

/** The series' names and colours, as HTML so they wrap at any width. */
function Legend({ data }: { data: ChartData }) {
  if (data.series.length < 2) return null;
  return (
    <ul class="chart-legend">
      {data.series.map((series, index) => (
        <li key={series.name}>
          <span class="chart-swatch" style={{ background: colour(index) }} />
          {series.name}
        </li>
      ))}
    </ul>
  );
}

function Plot({
  plotRef,
  layout,
  data,
  children,
}: {
  plotRef: RefObject<HTMLDivElement | null>;
  layout: ChartLayout;
  data: ChartData;
  children: ComponentChildren;
}) {
  return (
    <div ref={plotRef} class="chart-plot">
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        role="presentation"
        focusable="false"
      >
        {children}
      </svg>
      <Legend data={data} />
    </div>
  );
}

export function BarChart(props: ChartProps) {
  const { data } = props;
  const axis = valueAxis(data.series.flatMap((series) => series.values));
  const { ref, layout, tickLabels, y } = useChartLayout(data, axis);
  const { pad, slot } = layout;
  const groupWidth = slot * 0.7;
  const barWidth = groupWidth / Math.max(data.series.length, 1);
  return (
    <ChartFrame {...props}>
      <Plot plotRef={ref} layout={layout} data={data}>
        <Axes layout={layout} axis={axis} tickLabels={tickLabels} />
        {data.series.map((series, s) =>
          data.categories.map((category, c) => {
            const value = series.values[c] ?? 0;
            return (
              <rect
                key={`${series.name}-${category}`}
                x={pad.left + slot * c + (slot - groupWidth) / 2 + barWidth * s}
                y={y(value)}
                width={barWidth}
                height={y(0) - y(value)}
                fill={colour(s)}
              />
            );
          }),
        )}
      </Plot>
    </ChartFrame>
  );
}

export function StackedBarChart(props: ChartProps) {
  const { data } = props;
  const totals = data.categories.map((_, c) =>
    data.series.reduce((sum, series) => sum + (series.values[c] ?? 0), 0),
  );
  const axis = valueAxis(totals);
  const { ref, layout, tickLabels, y } = useChartLayout(data, axis);
  const { pad, slot } = layout;
  const barWidth = slot * 0.6;
  return (
    <ChartFrame {...props}>
      <Plot plotRef={ref} layout={layout} data={data}>
        <Axes layout={layout} axis={axis} tickLabels={tickLabels} />
        {data.categories.map((category, c) => {
          let base = 0;
          return data.series.map((series, s) => {
            const value = series.values[c] ?? 0;
            const top = y(base + value);
            const bottom = y(base);
            base += value;
            return (
              <rect
                key={`${category}-${series.name}`}
                x={pad.left + slot * c + (slot - barWidth) / 2}
                y={top}
                width={barWidth}
                height={bottom - top}
                fill={colour(s)}
                stroke="#ffffff"
              />
            );
          });
        })}
      </Plot>
    </ChartFrame>
  );
}

export function LineChart(props: ChartProps) {
  const { data } = props;
  const axis = valueAxis(data.series.flatMap((series) => series.values));
  const { ref, layout, tickLabels, y } = useChartLayout(data, axis);
  const { pad, slot } = layout;
  const x = (index: number) => pad.left + slot * index + slot / 2;
  return (
    <ChartFrame {...props}>
      <Plot plotRef={ref} layout={layout} data={data}>
        <Axes layout={layout} axis={axis} tickLabels={tickLabels} />
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
      </Plot>
    </ChartFrame>
  );
}
