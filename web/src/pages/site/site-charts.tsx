import type { HistoryInterval, Setpoint, SiteMinute } from '../../api/types.ts';
import { TimeChart } from '../../components/time-chart.tsx';
import { measuredByInterval, STEP_MS, setpointsByInterval } from './power-series.ts';

/**
 * A site's last hours: the power split the setpoints commanded (mining, AI, battery charging) and
 * the export the allocator planned, against the power price; hashrate against hashprice; battery
 * charge.
 */
export function SiteCharts(props: {
  intervals: readonly HistoryInterval[];
  setpoints: readonly Setpoint[];
  minutes: readonly SiteMinute[];
  nowMs: number;
  hasBattery: boolean;
}) {
  const { intervals } = props;
  const times = intervals.map((i) => i.startMs);
  const inForce = setpointsByInterval(intervals, props.setpoints);
  const measured = measuredByInterval(intervals, props.minutes);
  const hours = Math.round((intervals.length * STEP_MS) / 3_600_000);
  return (
    <div className="charts">
      <TimeChart
        testId="chart-power"
        title={`Power split, last ${hours} h, against the power price`}
        description={`Stacked megawatts for mining, AI, battery charging and export per 15 minutes over the last ${hours} hours, with the import price in USD per MWh`}
        times={times}
        stepMs={STEP_MS}
        nowMs={props.nowMs}
        leftUnit="MW"
        rightUnit="$/MWh"
        series={[
          {
            name: 'Mining',
            tone: 's-mining',
            kind: 'area',
            values: inForce.map((s) => (s ? (s.curtailed ? 0 : s.miningMw) : null)),
          },
          { name: 'AI', tone: 's-ai', kind: 'area', values: inForce.map((s) => s?.aiMw ?? null) },
          {
            name: 'Battery charging',
            tone: 's-battery',
            kind: 'area',
            values: inForce.map((s) => (s ? Math.max(0, s.batteryMw) : null)),
          },
          {
            name: 'Export',
            tone: 's-export',
            kind: 'area',
            values: intervals.map((i) => i.planned?.exportMw ?? null),
          },
          {
            name: 'Power price',
            tone: 's-price',
            kind: 'line',
            axis: 'right',
            values: intervals.map((i) => i.priceUsdPerMwh),
          },
        ]}
      />
      <TimeChart
        testId="chart-hashrate"
        title="Hashrate against hashprice"
        description="Hashrate the allocator planned and the agents measured per 15 minutes, with the hashprice in USD per PH/s per day"
        times={times}
        stepMs={STEP_MS}
        nowMs={props.nowMs}
        leftUnit="TH/s"
        rightUnit="$/PH/day"
        series={[
          {
            name: 'Planned hashrate',
            tone: 's-mining',
            kind: 'line',
            values: intervals.map((i, k) => (inForce[k]?.curtailed ? 0 : (i.planned?.hashrateThs ?? null))),
          },
          { name: 'Measured by agents', tone: 's-measured', kind: 'line', dashed: true, values: measured },
          {
            name: 'Hashprice',
            tone: 's-hashprice',
            kind: 'line',
            axis: 'right',
            values: intervals.map((i) => i.hashpriceUsdPerPhDay),
          },
        ]}
      />
      {props.hasBattery ? (
        <TimeChart
          testId="chart-battery"
          title="Battery charge"
          description="Planned battery state of charge in MWh at the end of each 15 minutes"
          times={times}
          stepMs={STEP_MS}
          nowMs={props.nowMs}
          leftUnit="MWh"
          series={[
            {
              name: 'State of charge',
              tone: 's-battery',
              kind: 'area',
              values: intervals.map((i) => i.planned?.socMwh ?? null),
            },
          ]}
        />
      ) : null}
    </div>
  );
}
