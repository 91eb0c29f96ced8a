import { utcHourMinute } from '../format.ts';
import { useWidth } from '../hooks/use-width.ts';
import { linearScale, tickLabel } from './chart-scale.ts';

export interface ChartSeries {
  readonly name: string;
  /** A CSS class giving its colour (`s-mining`, `s-ai`, ...). */
  readonly tone: string;
  readonly values: readonly (number | null)[];
  /** Areas stack on the left axis; lines are drawn over them, on the left or the right axis. */
  readonly kind: 'area' | 'line';
  readonly axis?: 'left' | 'right';
  readonly dashed?: boolean;
}

const TOP = 22;
const BOTTOM = 26;

/**
 * A small time-series chart in plain SVG (no chart library): stacked areas and lines on one or two
 * axes, a time axis in UTC, a marker at `nowMs`. Reads as an image with a text description; the
 * legend names every series.
 */
export function TimeChart(props: {
  title: string;
  description: string;
  times: readonly number[];
  stepMs: number;
  series: readonly ChartSeries[];
  leftUnit: string;
  rightUnit?: string;
  nowMs?: number;
  testId?: string;
}) {
  const { times, series, stepMs } = props;
  // Drawn at the size it is shown (text stays at its CSS size on any screen).
  const [ref, measured] = useWidth<HTMLDivElement>(640);
  const W = Math.max(260, measured - 2);
  const H = W < 500 ? 200 : 230;
  const hasRight = series.some((s) => s.axis === 'right');
  const left = 46;
  const right = hasRight ? W - 46 : W - 10;
  const t0 = times[0] ?? 0;
  const t1 = (times[times.length - 1] ?? t0) + stepMs;
  const x = (t: number) => left + ((t - t0) / Math.max(1, t1 - t0)) * (right - left);

  const areas = series.filter((s) => s.kind === 'area');
  const stacks: number[][] = [];
  let running = times.map(() => 0);
  for (const area of areas) {
    running = running.map((base, i) => base + Math.max(0, area.values[i] ?? 0));
    stacks.push(running);
  }
  const leftValues = [
    ...running,
    ...series.filter((s) => s.kind === 'line' && s.axis !== 'right').flatMap((s) => s.values),
  ].filter((v): v is number => v !== null);
  const rightValues = series
    .filter((s) => s.axis === 'right')
    .flatMap((s) => s.values)
    .filter((v): v is number => v !== null);
  const yLeft = linearScale(leftValues, H - BOTTOM, TOP);
  const yRight = linearScale(rightValues, H - BOTTOM, TOP);

  const areaPath = (upper: number[], lower: number[] | undefined) => {
    if (times.length === 0) return '';
    const top = times.map((t, i) => `${x(t).toFixed(1)},${yLeft(upper[i]!).toFixed(1)}`);
    top.push(`${x(t1).toFixed(1)},${yLeft(upper[upper.length - 1]!).toFixed(1)}`);
    const bottom = times.map((t, i) => `${x(t).toFixed(1)},${yLeft(lower?.[i] ?? 0).toFixed(1)}`);
    bottom.push(`${x(t1).toFixed(1)},${yLeft(lower?.[lower.length - 1] ?? 0).toFixed(1)}`);
    return `M${top.join('L')}L${bottom.reverse().join('L')}Z`;
  };
  const linePath = (values: readonly (number | null)[], axis: 'left' | 'right') => {
    const y = axis === 'right' ? yRight : yLeft;
    let d = '';
    let pen = false;
    values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(times[i]! + stepMs / 2).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const xTicks = timeTicks(t0, t1, Math.max(2, Math.floor((right - left) / 70)));

  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption className="chart-title">{props.title}</figcaption>
      <div ref={ref} className="chart-canvas">
        <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={props.description}>
          {yLeft.ticks.map((tick) => (
            <g key={`l${tick}`} className="grid">
              <line x1={left} x2={right} y1={yLeft(tick)} y2={yLeft(tick)} />
              <text x={left - 6} y={yLeft(tick)} textAnchor="end" dominantBaseline="middle">
                {tickLabel(tick)}
              </text>
            </g>
          ))}
          {hasRight
            ? yRight.ticks.map((tick) => (
                <text
                  key={`r${tick}`}
                  className="axis-right"
                  x={right + 6}
                  y={yRight(tick)}
                  dominantBaseline="middle"
                >
                  {tickLabel(tick)}
                </text>
              ))
            : null}
          {xTicks.map((tick) => (
            <text key={tick} className="axis-x" x={x(tick)} y={H - 8} textAnchor="middle">
              {utcHourMinute(tick)}
            </text>
          ))}
          {areas.map((area, i) => (
            <path key={area.name} className={`area ${area.tone}`} d={areaPath(stacks[i]!, stacks[i - 1])} />
          ))}
          {series
            .filter((s) => s.kind === 'line')
            .map((line) => (
              <path
                key={line.name}
                className={`line ${line.tone}${line.dashed ? ' dashed' : ''}`}
                d={linePath(line.values, line.axis ?? 'left')}
              />
            ))}
          {props.nowMs !== undefined && props.nowMs >= t0 && props.nowMs <= t1 ? (
            <line className="now" x1={x(props.nowMs)} x2={x(props.nowMs)} y1={TOP} y2={H - BOTTOM} />
          ) : null}
          <text className="unit" x={4} y={2} dominantBaseline="hanging">
            {props.leftUnit}
          </text>
          {props.rightUnit ? (
            <text className="unit" x={W - 4} y={2} textAnchor="end" dominantBaseline="hanging">
              {props.rightUnit}
            </text>
          ) : null}
        </svg>
      </div>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.name}>
            <span className={`legend-swatch ${s.tone}${s.kind === 'line' ? ' swatch-line' : ''}`} />
            {s.name}
            {s.axis === 'right' && props.rightUnit ? ` (${props.rightUnit}, right)` : ''}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** At most `maxTicks` round times (whole hours) across [t0, t1). */
function timeTicks(t0: number, t1: number, maxTicks: number): number[] {
  const hour = 3_600_000;
  const span = t1 - t0;
  const step = [1, 2, 3, 4, 6, 12, 24].map((h) => h * hour).find((s) => span / s <= maxTicks) ?? 48 * hour;
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t < t1; t += step) ticks.push(t);
  return ticks;
}
