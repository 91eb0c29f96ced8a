/** A coloured word for a state (site state, lease state, alert severity); the word carries the meaning. */
export function StateBadge({ state }: { state: string }) {
  return <span className={`badge badge-${state}`}>{state}</span>;
}
