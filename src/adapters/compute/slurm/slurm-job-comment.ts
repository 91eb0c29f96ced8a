/**
 * What the backend keeps on a Slurm job, in its comment (so a restarted process reads it back from
 * Slurm): `switchyard:v1 lease=<leaseId> u=<utilisation> [started=<ms>] [notice=<ms>] [stopped=<ms>]`.
 * `notice`: when the preemption notice runs out; `started`/`stopped`: the backend clock's stamps
 * (used when the backend runs on its own clock rather than Slurm's).
 */
export interface JobComment {
  readonly leaseId: string;
  readonly utilisation: number;
  readonly startedAtMs?: number;
  readonly noticeAtMs?: number;
  readonly stoppedAtMs?: number;
}

const PREFIX = 'switchyard:v1';

export function formatJobComment(comment: JobComment): string {
  const parts = [PREFIX, `lease=${comment.leaseId}`, `u=${comment.utilisation}`];
  if (comment.startedAtMs !== undefined) parts.push(`started=${comment.startedAtMs}`);
  if (comment.noticeAtMs !== undefined) parts.push(`notice=${comment.noticeAtMs}`);
  if (comment.stoppedAtMs !== undefined) parts.push(`stopped=${comment.stoppedAtMs}`);
  return parts.join(' ');
}

/** The comment of a job this backend submitted; `null` for any other job. */
export function parseJobComment(text: string): JobComment | null {
  const [prefix, ...parts] = text.trim().split(/\s+/);
  if (prefix !== PREFIX) return null;
  const fields = new Map(parts.map((part) => part.split('=', 2) as [string, string]));
  const leaseId = fields.get('lease');
  const utilisation = Number(fields.get('u'));
  if (!leaseId || !(utilisation >= 0 && utilisation <= 1)) return null;
  const ms = (key: string) => {
    const value = Number(fields.get(key));
    return fields.has(key) && Number.isSafeInteger(value) ? value : undefined;
  };
  const startedAtMs = ms('started');
  const noticeAtMs = ms('notice');
  const stoppedAtMs = ms('stopped');
  return {
    leaseId,
    utilisation,
    ...(startedAtMs === undefined ? {} : { startedAtMs }),
    ...(noticeAtMs === undefined ? {} : { noticeAtMs }),
    ...(stoppedAtMs === undefined ? {} : { stoppedAtMs }),
  };
}
