import type { RunDigest } from '../../api/types.ts';
import { Link } from '../../components/link.tsx';
import { mw, usdFromCents, utc } from '../../format.ts';

/** The newest run's decision for every site: the power split now and the value expected over 24 h. */
export function CurrentDecisions({ run }: { run: RunDigest }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="current-decisions">
        <caption>
          Decisions of the run for {utc(run.intervalStartMs)} ({run.status}
          {run.solveMs !== undefined ? `, ${(run.solveMs / 1000).toFixed(1)} s` : ''}); expected value over 24
          h: {usdFromCents(run.expectedCents, true)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col" className="num">
              Mining
            </th>
            <th scope="col" className="num wide-only">
              AI
            </th>
            <th scope="col" className="num wide-only">
              Battery
            </th>
            <th scope="col" className="num wide-only">
              Export
            </th>
            <th scope="col" className="num">
              Expected (24 h)
            </th>
          </tr>
        </thead>
        <tbody>
          {run.sites.map((d) => (
            <tr key={d.siteId}>
              <th scope="row">
                <Link href={`/sites/${d.siteId}`}>{d.siteId}</Link>
                {d.error ? <span className="badge badge-critical">plan failed</span> : null}
              </th>
              <td className="num">{mw(d.miningMw)}</td>
              <td className="num wide-only">{mw(d.gpuMw)}</td>
              <td className="num wide-only">{mw(d.chargeMw - d.dischargeMw)}</td>
              <td className="num wide-only">{mw(d.exportMw)}</td>
              <td className="num">{usdFromCents(d.expectedCents, true)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
