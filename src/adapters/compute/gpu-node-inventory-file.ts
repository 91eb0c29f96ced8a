import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError, SwitchyardError } from '../../core/errors/index.ts';
import type { ComputeNode } from './gpu-node-driver.ts';

const inventorySchema = z
  .array(
    z
      .object({
        nodeId: z.string().min(1),
        siteId: z.string().min(1),
        groupId: z.string().min(1),
        url: z.string().regex(/^https?:\/\//, 'must be an http(s) URL'),
        gpus: z.number().int().gt(0, 'must be > 0'),
      })
      .strict(),
  )
  .superRefine((nodes, ctx) => {
    const seen = new Set<string>();
    nodes.forEach((node, index) => {
      if (seen.has(node.nodeId))
        ctx.addIssue({ code: 'custom', path: [index, 'nodeId'], message: `duplicate node ${node.nodeId}` });
      seen.add(node.nodeId);
    });
  });

/**
 * Reads the GPU node inventory the server drives leases on: a YAML or JSON list of
 * `{ nodeId, siteId, groupId, url, gpus }` (groupId: the fleet file's `gpuNodes` group), validated once.
 */
export function loadGpuNodeInventory(path: string): ComputeNode[] {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SwitchyardError(
      'SY_ERR_CONFIG_UNREADABLE',
      `${path}: cannot read GPU node inventory (${(error as Error).message})`,
      { path },
    );
  }
  const parsed = inventorySchema.safeParse(document);
  if (!parsed.success) {
    throw new ConfigError(
      path,
      parsed.error.issues.map((issue) => ({
        path: issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, ''),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
