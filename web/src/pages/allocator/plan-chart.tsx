import type { SitePlan } from '../../api/types.ts';
import { TimeChart } from '../../components/time-chart.tsx';

/** The allocator's plan for a site's next 24 h: power split per interval and the battery's charge. */
export function PlanChart({ plan }: { plan: SitePlan }) {
  const times = plan.intervals.map((i) => i.startMs);
  return (
    <TimeChart
      testId="chart-plan"
      title={`Plan for ${plan.siteId}, next ${Math.round(plan.intervals.length / 4)} h`}
      description={`Planned megawatts for mining, AI, battery charging and export per 15 minutes from now, with the battery's charge in MWh`}
      times={times}
      stepMs={15 * 60_000}
      nowMs={plan.atMs}
      leftUnit="MW"
      rightUnit="MWh"
      series={[
        { name: 'Mining', tone: 's-mining', kind: 'area', values: plan.intervals.map((i) => i.miningMw) },
        { name: 'AI', tone: 's-ai', kind: 'area', values: plan.intervals.map((i) => i.gpuMw) },
        {
          name: 'Battery charging',
          tone: 's-battery',
          kind: 'area',
          values: plan.intervals.map((i) => i.chargeMw),
        },
        { name: 'Export', tone: 's-export', kind: 'area', values: plan.intervals.map((i) => i.exportMw) },
        {
          name: 'Battery charge',
          tone: 's-soc',
          kind: 'line',
          axis: 'right',
          values: plan.intervals.map((i) => i.socMwh),
        },
      ]}
    />
  );
}
