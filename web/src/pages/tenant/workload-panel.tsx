import type { LeaseWorkloadView } from '../../api/market-types.ts';

/** What the lease runs and how its runs went: node, scheduler state, exit status, output file. */
export function WorkloadPanel({ workload }: { workload: LeaseWorkloadView | undefined }) {
  const spec = workload?.spec ?? null;
  const runs = workload?.runs ?? [];
  return (
    <section aria-labelledby="workload-title" data-testid="lease-workload">
      <h2 id="workload-title">Workload</h2>
      {spec === null ? (
        <p className="muted">No workload: the GPUs are held for you.</p>
      ) : spec.kind === 'interactive' ? (
        <p>
          Interactive allocation, reached with{' '}
          {spec.sshKeyId ? <code>{spec.sshKeyId}</code> : 'any of your registered SSH keys'}
        </p>
      ) : (
        <>
          <p>{spec.kind === 'script' ? 'Batch script' : 'Command'}</p>
          <pre className="workload-text">{spec.kind === 'script' ? spec.script : spec.command}</pre>
          {spec.env && Object.keys(spec.env).length > 0 ? (
            <ul>
              {Object.entries(spec.env).map(([name, value]) => (
                <li key={name}>
                  <code>{name}</code> = <code>{value}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      {runs.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Job</th>
              <th>Node</th>
              <th>State</th>
              <th>Exit status</th>
              <th>Output</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.jobId} data-testid="workload-run" data-state={run.state}>
                <td>{run.jobId}</td>
                <td>{run.node}</td>
                <td>{run.state}</td>
                <td>{run.exitCode === null ? '—' : run.exitCode}</td>
                <td>
                  <code>{run.output}</code>
                  {run.connect ? (
                    <div data-testid="workload-connect">
                      SSH to <code>{run.connect.host}</code> port {run.connect.port} as{' '}
                      <code>{run.connect.user}</code> (node {run.connect.node}):{' '}
                      <code>{run.connect.command}</code>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : spec !== null ? (
        <p className="muted">Not started on the GPUs yet.</p>
      ) : null}
    </section>
  );
}
