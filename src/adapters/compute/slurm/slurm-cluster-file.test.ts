import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSlurmClusterFile } from './slurm-cluster-file.ts';

describe('Slurm cluster file', () => {
  it('reads the example cluster file', () => {
    const file = loadSlurmClusterFile(
      new URL('../../../../examples/slurm-cluster.yaml', import.meta.url).pathname,
    );
    expect(file.slurmConf).toBe('/tmp/switchyard-slurm/etc/slurm.conf');
    expect(file.nodes.map((n) => [n.nodeId, n.slurmNode, n.gpus])).toEqual([
      ['gpu-hub/h100/0', 'sy-h100-0', 8],
      ['gpu-hub/h100/1', 'sy-h100-1', 8],
      ['gpu-hub/h100/2', 'sy-h100-2', 4],
    ]);
    expect(file.qos?.['on-demand']).toBe('ondemand');
    expect(file.login).toEqual({ host: 'localhost', port: 22, keysDir: '/tmp/switchyard-slurm/login-keys' });
  });

  it('names the field of a bad entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slurm-file-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(
      path,
      'nodes:\n  - { nodeId: a, siteId: s, groupId: g, slurmNode: "n 0", partition: p, gpus: 0, wattsPerGpu: 700, idleWattsPerGpu: 90 }\n',
    );
    expect(() => loadSlurmClusterFile(path)).toThrow(/nodes\[0\]\.slurmNode.*letters|nodes\[0\]\.gpus/s);
  });
});
