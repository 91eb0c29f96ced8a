import type { SiteStatus } from '../api/types.ts';
import { Link } from '../components/link.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { hashrate, mw } from '../format.ts';

/** Every site with its state and power split; the names link to the site pages. */
export function SiteTable({ sites }: { sites: readonly SiteStatus[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="site-table">
        <caption>Sites</caption>
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">State</th>
            <th scope="col" className="wide-only">
              Region
            </th>
            <th scope="col" className="num">
              Mining
            </th>
            <th scope="col" className="num wide-only">
              AI
            </th>
            <th scope="col" className="num wide-only">
              Battery
            </th>
            <th scope="col" className="num">
              Hashrate
            </th>
            <th scope="col" className="num wide-only">
              Alerts
            </th>
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => (
            <tr key={site.id}>
              <th scope="row">
                <Link href={`/sites/${site.id}`}>{site.name}</Link>
              </th>
              <td>
                <StateBadge state={site.state} />
              </td>
              <td className="wide-only">{site.region}</td>
              <td className="num">{mw(site.miningMw)}</td>
              <td className="num wide-only">{mw(site.aiMw)}</td>
              <td className="num wide-only">{mw(site.batteryMw)}</td>
              <td className="num">{hashrate(site.operatingThs)}</td>
              <td className="num wide-only">{site.openAlerts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
