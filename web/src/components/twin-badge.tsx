import type { FleetStatus } from '../api/types.ts';

/**
 * "twin at 1/100 scale" when the agents drive a scaled digital twin: the figures on the page are at
 * full scale, the twin's measurements scaled up.
 */
export function TwinBadge({ twin }: { twin: FleetStatus['twin'] }) {
  if (!twin) return null;
  return (
    <span
      className="badge"
      data-testid="twin-badge"
      title={`The fleet's miners and GPU nodes are emulated at ${twin.scale} of each site; setpoints reach the twin scaled down and its measurements are shown at full scale.`}
    >
      {twin.label}
    </span>
  );
}
