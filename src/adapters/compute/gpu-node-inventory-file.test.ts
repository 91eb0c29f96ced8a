import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGpuNodeInventory } from './gpu-node-inventory-file.ts';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'inventory-')), 'gpu-nodes.yaml');
  writeFileSync(path, text);
  return path;
};

describe('loadGpuNodeInventory', () => {
  it('reads a YAML list of nodes', () => {
    const path = file(
      '- { nodeId: n1, siteId: ga-hub, groupId: h100-sxm, url: "http://10.0.0.5:9100", gpus: 8 }\n',
    );
    expect(loadGpuNodeInventory(path)).toEqual([
      { nodeId: 'n1', siteId: 'ga-hub', groupId: 'h100-sxm', url: 'http://10.0.0.5:9100', gpus: 8 },
    ]);
  });

  it('names every bad field and duplicate node', () => {
    const path = file(
      '- { nodeId: n1, siteId: a, groupId: g, url: "ftp://x", gpus: 0 }\n- { nodeId: n1, siteId: a, groupId: g, url: "http://x", gpus: 8 }\n',
    );
    const error = (() => {
      try {
        loadGpuNodeInventory(path);
      } catch (e) {
        return e as Error & { code: string };
      }
    })();
    expect(error?.code).toBe('SY_ERR_CONFIG_INVALID');
    expect(error?.message).toContain('[0].url: must be an http(s) URL');
    expect(error?.message).toContain('[0].gpus: must be > 0');
    expect(error?.message).toContain('[1].nodeId: duplicate node n1');
  });
});
