/**
 * What a lease runs on its GPUs: a batch script, a command with its environment, or an interactive
 * allocation the tenant reaches over SSH with a public key they registered (`ssh-public-key.ts`).
 * Checked once where it enters (the API), here so the same rules hold for every compute backend.
 */
export type LeaseWorkload =
  | {
      readonly kind: 'script';
      /** The batch script's text (bash unless it starts with `#!`). */
      readonly script: string;
      readonly env?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'command';
      /** One shell command line. */
      readonly command: string;
      readonly env?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'interactive';
      /** The registered key that may reach it (its id); without one, every key the tenant registered. */
      readonly sshKeyId?: string;
    };

export const WORKLOAD_LIMITS = {
  scriptBytes: 65_536,
  commandBytes: 4_096,
  envVars: 64,
  envValueBytes: 4_096,
} as const;

const SSH_KEY_ID = /^k-[0-9a-f]{16}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Variables the scheduler or the runner set; a tenant may not override them. */
const RESERVED_ENV =
  /^(SLURM_|SWITCHYARD_|CUDA_VISIBLE_DEVICES$|PATH$|HOME$|USER$|LD_PRELOAD$|LD_LIBRARY_PATH$)/;
/** Names whose values are secrets: never shown back or logged (`redactWorkload`). */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|KEY|CREDENTIAL|AUTH)/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters.
const CONTROL = /[\0-\x08\x0b-\x1f\x7f]/;

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** A problem with a workload: the field (`workload.env.FOO`) and what is wrong. */
export interface WorkloadProblem {
  readonly field: string;
  readonly problem: string;
}

/** The problems of a workload (empty when it may run). */
export function workloadProblems(workload: LeaseWorkload): WorkloadProblem[] {
  const problems: WorkloadProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field: `workload.${field}`, problem });
  if (workload.kind === 'interactive') {
    if (workload.sshKeyId !== undefined && !SSH_KEY_ID.test(workload.sshKeyId))
      add('sshKeyId', 'is not a registered key id (k- and hex digits)');
    return problems;
  }
  if (workload.kind === 'script') {
    if (workload.script.trim() === '') add('script', 'is empty');
    if (bytes(workload.script) > WORKLOAD_LIMITS.scriptBytes)
      add('script', `longer than ${WORKLOAD_LIMITS.scriptBytes} bytes`);
    if (workload.script.includes('\0')) add('script', 'contains a NUL character');
  } else {
    if (workload.command.trim() === '') add('command', 'is empty');
    if (bytes(workload.command) > WORKLOAD_LIMITS.commandBytes)
      add('command', `longer than ${WORKLOAD_LIMITS.commandBytes} bytes`);
    if (CONTROL.test(workload.command) || workload.command.includes('\n'))
      add('command', 'must be one line without control characters');
  }
  const env = Object.entries(workload.env ?? {});
  if (env.length > WORKLOAD_LIMITS.envVars) add('env', `more than ${WORKLOAD_LIMITS.envVars} variables`);
  for (const [name, value] of env) {
    if (!ENV_NAME.test(name))
      add(`env.${name}`, 'is not a variable name (letters, digits, _; not starting with a digit)');
    else if (RESERVED_ENV.test(name)) add(`env.${name}`, 'is set by the scheduler or the runner');
    if (typeof value !== 'string') add(`env.${name}`, 'must be a string');
    else if (bytes(value) > WORKLOAD_LIMITS.envValueBytes)
      add(`env.${name}`, `longer than ${WORKLOAD_LIMITS.envValueBytes} bytes`);
    else if (CONTROL.test(value) || value.includes('\n'))
      add(`env.${name}`, 'must be one line without control characters');
  }
  return problems;
}

/** The workload as it may be shown or logged: secret-looking variables' values replaced. */
export function redactWorkload(workload: LeaseWorkload): LeaseWorkload {
  if (workload.kind === 'interactive' || !workload.env) return workload;
  const env = Object.fromEntries(
    Object.entries(workload.env).map(([name, value]) => [
      name,
      SECRET_NAME.test(name) ? '[redacted]' : value,
    ]),
  );
  return { ...workload, env };
}

/** Whether a variable name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
