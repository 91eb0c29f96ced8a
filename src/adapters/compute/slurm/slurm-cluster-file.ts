import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError, SwitchyardError } from '../../../core/errors/index.ts';
import { TIERS } from '../../../core/marketplace/marketplace-types.ts';
import type { SlurmComputeBackendOptions } from './slurm-compute-backend.ts';

const name = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const clusterSchema = z
  .object({
    /** slurm.conf of the cluster (SLURM_CONF for the CLI); default: the environment's. */
    slurmConf: z.string().min(1).optional(),
    /** Where jobs write their output, on the nodes. */
    outputDir: z.string().min(1).default('/tmp'),
    defaultAccount: name.default('root'),
    submitUser: name.default('root'),
    /** Where tenants reach interactive allocations: login host, SSH port, sshd's authorized-keys directory. */
    login: z
      .object({
        host: z
          .string()
          .regex(/^[A-Za-z0-9.-]+$/, 'a host name')
          .optional(),
        port: z.number().int().min(1).max(65_535).optional(),
        keysDir: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    qos: z.partialRecord(z.enum(TIERS as unknown as [string, ...string[]]), name).default({}),
    nodes: z
      .array(
        z
          .object({
            nodeId: z.string().min(1),
            siteId: z.string().min(1),
            groupId: z.string().min(1),
            slurmNode: name,
            partition: name,
            gresType: name.optional(),
            gpus: z.number().int().gt(0, 'must be > 0'),
            wattsPerGpu: z.number().positive(),
            idleWattsPerGpu: z.number().nonnegative(),
          })
          .strict(),
      )
      .min(1, 'at least one GPU node'),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.nodes.forEach((node, index) => {
      if (seen.has(node.nodeId))
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', index, 'nodeId'],
          message: `duplicate node ${node.nodeId}`,
        });
      seen.add(node.nodeId);
    });
  });

export type SlurmClusterFile = z.infer<typeof clusterSchema>;

/**
 * Reads the Slurm cluster file of `switchyard server --slurm <file>` (docs/DATA.md): the cluster's
 * slurm.conf, the QoS per tier, and each inventory GPU node with its Slurm node and partition.
 */
export function loadSlurmClusterFile(path: string): Omit<SlurmComputeBackendOptions, 'now'> {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SwitchyardError(
      'SY_ERR_CONFIG_UNREADABLE',
      `${path}: cannot read the Slurm cluster file (${(error as Error).message})`,
      {
        path,
      },
    );
  }
  const parsed = clusterSchema.safeParse(document);
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
  const { nodes, ...rest } = parsed.data;
  return {
    ...rest,
    nodes: nodes.map(({ gresType, ...node }) => ({ ...node, ...(gresType ? { gresType } : {}) })),
  };
}
