import type { SlurmCommands } from './slurm-cli.ts';
import { DEFAULT_QOS, tenantAccount } from './slurm-submit.ts';

/**
 * Tenants as Slurm accounts (`sacctmgr`): one account per tenant, its GPU limit (`GrpTRES=gres/gpu=N`)
 * equal to the tenant's quota so Slurm itself refuses what the marketplace would, the submitting user
 * associated with it and allowed the tiers' QoS. Idempotent; remembers what it set.
 */
export class SlurmTenantAccounts {
  private readonly applied = new Map<string, number>();

  constructor(
    private readonly commands: SlurmCommands,
    /** The Unix user the backend submits as (root on the test cluster). */
    private readonly submitUser = 'root',
    private readonly qos: readonly string[] = Object.values(DEFAULT_QOS),
  ) {}

  /** Creates or updates the tenant's account with a GPU limit of `maxGpus`; returns the account. */
  async ensure(tenantId: string, maxGpus: number): Promise<string> {
    const account = tenantAccount(tenantId);
    if (this.applied.get(account) === maxGpus) return account;
    const sacctmgr = (...args: string[]) => this.commands.run('sacctmgr', ['-i', ...args]);
    const existing = await this.commands.run('sacctmgr', [
      '-n',
      '-P',
      'show',
      'account',
      account,
      'format=account',
    ]);
    if (existing.trim() === '') {
      await sacctmgr(
        'add',
        'account',
        account,
        `Description=switchyard tenant ${tenantId}`,
        'Organization=switchyard',
      );
    }
    const users = await this.commands.run('sacctmgr', [
      '-n',
      '-P',
      'show',
      'assoc',
      `where`,
      `account=${account}`,
      `user=${this.submitUser}`,
      'format=user',
    ]);
    if (users.trim() === '') await sacctmgr('add', 'user', this.submitUser, `Account=${account}`);
    await sacctmgr(
      'modify',
      'account',
      'where',
      `name=${account}`,
      'set',
      `GrpTRES=gres/gpu=${maxGpus}`,
    ).catch(notChanged);
    await sacctmgr(
      'modify',
      'user',
      'where',
      `name=${this.submitUser}`,
      `account=${account}`,
      'set',
      `QOS=${this.qos.join(',')}`,
    ).catch(notChanged);
    this.applied.set(account, maxGpus);
    return account;
  }

  /** The account's GPU limit as Slurm has it; null without one. */
  async gpuLimit(tenantId: string): Promise<number | null> {
    const reply = await this.commands.run('sacctmgr', [
      '-n',
      '-P',
      'show',
      'assoc',
      'where',
      `account=${tenantAccount(tenantId)}`,
      'format=user,grptres',
    ]);
    const line = reply.split('\n').find((l) => l.startsWith('|'));
    const match = line ? /gres\/gpu=(\d+)/.exec(line) : null;
    return match ? Number(match[1]) : null;
  }
}

/** sacctmgr exits 1 with "Nothing modified" when the value is already set. */
function notChanged(error: unknown): void {
  if (!/Nothing (modified|new)/i.test(String((error as Error).message))) throw error;
}
