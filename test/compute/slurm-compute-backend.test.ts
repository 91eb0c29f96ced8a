import { afterAll, beforeAll } from 'vitest';
import { runComputeBackendContract } from '../../src/adapters/compute/compute-backend.contract.ts';
import type { SlurmCli } from '../../src/adapters/compute/slurm/slurm-cli.ts';
import { SlurmComputeBackend } from '../../src/adapters/compute/slurm/slurm-compute-backend.ts';
import {
  cancelSwitchyardJobs,
  contractPoolNodes,
  holdSlurmTestCluster,
  SLURM_DIR,
  startSlurmTestCluster,
} from './slurm-test-cluster.ts';

let cli: SlurmCli;
let release: () => void = () => undefined;
beforeAll(async () => {
  cli = await startSlurmTestCluster();
  release = await holdSlurmTestCluster();
}, 900_000);
afterAll(() => release());

// The real cluster of scripts/slurm-test-cluster.sh. The suite moves its clock by hand; Slurm's
// cannot be moved, so the backend stamps starts and stops on its own clock (`times: 'backend'`).
runComputeBackendContract('SlurmComputeBackend on a real Slurm 22.05 cluster', async () => {
  await cancelSwitchyardJobs(cli);
  const clock = { t: Date.now() };
  const create = () =>
    new SlurmComputeBackend({
      nodes: contractPoolNodes(),
      now: () => clock.t,
      commands: cli,
      times: 'backend',
      outputDir: `${SLURM_DIR}/jobs`,
    });
  return {
    backend: create(),
    now: () => clock.t,
    advance: (ms) => {
      clock.t += ms;
    },
    restart: create,
    close: () => cancelSwitchyardJobs(cli),
  };
});
