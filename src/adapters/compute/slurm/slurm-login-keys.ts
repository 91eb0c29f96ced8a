import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How tenants reach their interactive allocations: SSH to the cluster's login host as their own
 * login user, naming the job (`ssh -t <user>@<host> <job id>`); sshd runs the forced command of
 * their key, which attaches to that job on its node (`srun --jobid=<id> --overlap --pty bash -l`)
 * and refuses any job that is not one of theirs. The backend writes one authorized_keys file per
 * login user into a directory sshd reads (`AuthorizedKeysFile <dir>/%u`), rewritten each tick.
 */

/** The forced command: the job named by the client, if it is one of `jobIds`; nothing else runs. */
export function forcedCommand(jobIds: readonly number[]): string {
  const refuse = 'echo "switchyard: name one of your running allocations (job id)" >&2; exit 1';
  if (jobIds.length === 0) return refuse;
  return (
    `case "$SSH_ORIGINAL_COMMAND" in ${jobIds.map((id) => String(Math.trunc(id))).join('|')}) ` +
    `exec srun --jobid="$SSH_ORIGINAL_COMMAND" --overlap --pty bash -l ;; *) ${refuse} ;; esac`
  );
}

/** An authorized_keys file: each key restricted to the forced command (a pty allowed, nothing else). */
export function authorizedKeys(publicKeys: readonly string[], jobIds: readonly number[]): string {
  const command = forcedCommand([...jobIds].sort((a, b) => a - b))
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"');
  return publicKeys.map((key) => `restrict,pty,command="${command}" ${key}\n`).join('');
}

/** Login users are Slurm-safe account names; anything else is never a file name here. */
const USER = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Writes each login user's file (atomically: a temporary file renamed) and removes the files of users
 * no longer listed. Only names that are login users are ever touched.
 */
export function writeLoginKeys(dir: string, files: ReadonlyMap<string, string>): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const [user, text] of files) {
    if (!USER.test(user)) continue;
    const temporary = join(dir, `.${user}.tmp`);
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, join(dir, user));
  }
  for (const name of readdirSync(dir)) {
    if (USER.test(name) && !files.has(name)) rmSync(join(dir, name), { force: true });
  }
}
