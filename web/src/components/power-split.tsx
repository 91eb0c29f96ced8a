import { mw } from '../format.ts';

export interface PowerPart {
  readonly name: string;
  readonly tone: string;
  readonly mw: number;
}

/** Megawatts by use as one bar with its legend (sizes by share; the numbers are in the legend). */
export function PowerSplit({ parts }: { parts: readonly PowerPart[] }) {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.mw), 0);
  return (
    <div className="power-split">
      <div className="split-bar" aria-hidden="true">
        {parts.map((p) =>
          p.mw > 0 ? (
            <span
              key={p.name}
              className={p.tone}
              style={{ width: `${(100 * p.mw) / Math.max(total, 1e-9)}%` }}
            />
          ) : null,
        )}
      </div>
      <ul className="split-legend">
        {parts.map((p) => (
          <li key={p.name}>
            <span className={`legend-swatch ${p.tone}`} aria-hidden="true" />
            {p.name} <strong>{mw(p.mw)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
