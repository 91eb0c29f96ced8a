import type { ReactNode } from 'react';

/** One headline figure with its label and a line of context. */
export function StatCard(props: { label: string; value: ReactNode; detail?: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={props.testId}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value}</div>
      {props.detail ? <div className="stat-detail">{props.detail}</div> : null}
    </div>
  );
}
