import type { DeviceReading } from '../../api/types.ts';
import { StateBadge } from '../../components/state-badge.tsx';
import { utc } from '../../format.ts';

const HOT_C = 85;

/** Devices that need a look: faulted, off or unknown, running hot, or silent for a while. */
export function problemsOf(devices: readonly DeviceReading[], nowMs: number, staleMs: number) {
  return devices
    .map((d) => {
      const reasons: string[] = [];
      if (d.state === 'faulted' || d.state === 'unknown' || d.state === 'off') reasons.push(d.state);
      if (d.maxTempC !== null && d.maxTempC >= HOT_C) reasons.push(`hot (${d.maxTempC.toFixed(0)} °C)`);
      if (nowMs - d.atMs > staleMs) reasons.push('not reporting');
      return { device: d, reasons };
    })
    .filter((p) => p.reasons.length > 0);
}

export function SiteDevices({ devices, nowMs }: { devices: readonly DeviceReading[]; nowMs: number }) {
  const problems = problemsOf(devices, nowMs, 30 * 60_000);
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">Devices with problems</h2>
      {problems.length === 0 ? (
        <p className="muted" data-testid="no-device-problems">
          None of the {devices.length} reporting devices has a problem.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="device-problems">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">State</th>
                <th scope="col">Problem</th>
                <th scope="col" className="wide-only">
                  Last reading
                </th>
              </tr>
            </thead>
            <tbody>
              {problems.slice(0, 50).map(({ device, reasons }) => (
                <tr key={device.deviceId}>
                  <th scope="row">{device.deviceId}</th>
                  <td>
                    <StateBadge state={device.state} />
                  </td>
                  <td>{reasons.join(', ')}</td>
                  <td className="wide-only">{utc(device.atMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {problems.length > 50 ? <p className="muted">and {problems.length - 50} more</p> : null}
        </div>
      )}
    </section>
  );
}
