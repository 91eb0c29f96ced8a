import { computeBackendError } from '../compute-backend-error.ts';
import type { SlurmCommands } from './slurm-cli.ts';

/**
 * Reserved leases as Slurm reservations: one per workload (`sy-<workloadId>`), for the tenant's
 * account on the lease's node from now to the term's end; the workload's job runs in it. Slurm 22.05
 * reserves nodes, cores or licenses but not GRES (`TRES=gres/gpu` is refused), so the reservation
 * holds one core per leased GPU of the node; the GPUs themselves are the marketplace's to place.
 * Slurm refuses to delete a reservation a job still runs in: it is deleted once the job has ended
 * (by the driver's stop, and by the reconciler for any the backend left behind).
 */

/** A reservation as `scontrol -o show reservation` prints it (22.05 has no JSON for these). */
export interface SlurmReservation {
  readonly name: string;
  readonly accounts: readonly string[];
  readonly nodes: string;
  readonly coreCount: number;
  /** Epoch s (UTC: the CLI runs with TZ=UTC). */
  readonly startS: number;
  readonly endS: number;
  /** ACTIVE or INACTIVE (not started yet). */
  readonly state: string;
}

const PREFIX = 'sy-';

/** The reservation of one workload of a reserved lease. */
export function reservationName(workloadId: string): string {
  return `${PREFIX}${workloadId.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
}

/** The workload a reservation of this backend is for; null for any other reservation. */
export function reservationWorkload(name: string): string | null {
  return name.startsWith(PREFIX) ? name.slice(PREFIX.length) : null;
}

/** One `Key=value` line per reservation; `No reservations in the system` when there are none. */
export function parseReservations(text: string): SlurmReservation[] {
  const reservations: SlurmReservation[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^No reservations/.test(line.trim())) continue;
    const fields = new Map<string, string>();
    for (const match of line.matchAll(/(\w+)=(\S*)/g)) {
      if (!fields.has(match[1]!)) fields.set(match[1]!, match[2]!);
    }
    const name = fields.get('ReservationName');
    const start = Date.parse(`${fields.get('StartTime')}Z`);
    const end = Date.parse(`${fields.get('EndTime')}Z`);
    if (!name || Number.isNaN(start) || Number.isNaN(end)) {
      throw computeBackendError(
        `scontrol show reservation: unexpected line ${JSON.stringify(line.slice(0, 120))}`,
        { command: 'scontrol' },
      );
    }
    const accounts = fields.get('Accounts') ?? '(null)';
    reservations.push({
      name,
      accounts: accounts === '(null)' ? [] : accounts.split(','),
      nodes: fields.get('Nodes') ?? '',
      coreCount: Number(fields.get('CoreCnt') ?? 0),
      startS: start / 1000,
      endS: end / 1000,
      state: fields.get('State') ?? '',
    });
  }
  return reservations;
}

/** Slurm's time format, UTC, whole seconds. */
function slurmTime(epochS: number): string {
  return new Date(epochS * 1000).toISOString().slice(0, 19);
}

export class SlurmReservations {
  constructor(private readonly commands: SlurmCommands) {}

  async list(): Promise<SlurmReservation[]> {
    return parseReservations(await this.commands.run('scontrol', ['-o', 'show', 'reservation']));
  }

  /**
   * Reserves `cores` cores of `node` for `account` from now until `endS` (Slurm's clock, epoch s).
   * A reservation of that name left by an earlier attempt is replaced.
   */
  async create(name: string, account: string, node: string, cores: number, endS: number): Promise<void> {
    await this.delete(name);
    await this.commands.run('scontrol', [
      'create',
      'reservation',
      `ReservationName=${name}`,
      `Accounts=${account}`,
      `Nodes=${node}`,
      `CoreCnt=${Math.max(1, cores)}`,
      'StartTime=now',
      `EndTime=${slurmTime(Math.ceil(endS))}`,
    ]);
  }

  /** Deletes it; false when a job still runs in it. A reservation that is gone is not an error. */
  async delete(name: string): Promise<boolean> {
    try {
      await this.commands.run('scontrol', ['delete', `ReservationName=${name}`]);
      return true;
    } catch (error) {
      const message = String((error as Error).message);
      if (/in use/i.test(message)) return false;
      if (/invalid|not found|does not exist/i.test(message)) return true;
      throw error;
    }
  }
}
