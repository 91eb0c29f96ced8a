import type { RunDigest } from '../../api/types.ts';
import { StateBadge } from '../../components/state-badge.tsx';
import { mw, usdFromCents, utc } from '../../format.ts';

/** The allocator's recent runs for one site: what it decided each interval, and why. */
export function DecisionLog({ runs, siteId }: { runs: readonly RunDigest[]; siteId: string }) {
  return (
    <ol className="decision-log" data-testid="decision-log">
      {runs.map((run) => {
        const d = run.sites[0];
        return (
          <li key={run.id}>
            <details>
              <summary>
                <span className="muted">{utc(run.intervalStartMs)}</span> <StateBadge state={run.status} />{' '}
                {d ? (
                  <>
                    mining {mw(d.miningMw)}, AI {mw(d.gpuMw)}, battery {mw(d.chargeMw - d.dischargeMw)},
                    export {mw(d.exportMw)} · expects {usdFromCents(d.expectedCents, true)} over 24 h
                  </>
                ) : (
                  <>no decision for {siteId}</>
                )}
              </summary>
              {d ? (
                <ul className="reasons">
                  {d.explanation.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              ) : null}
              <p className="muted small">
                run {run.id} by {run.runner}
                {run.solveMs !== undefined ? `, fleet solved in ${(run.solveMs / 1000).toFixed(2)} s` : ''}
              </p>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
