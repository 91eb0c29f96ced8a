import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authorizedKeys, forcedCommand, writeLoginKeys } from './slurm-login-keys.ts';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILhm7FGkSoE4AK6uAjE/TGMQlFD5vnXLBjHSfaZKIn/M tenant@laptop';

/** An `srun` that prints its arguments, first on PATH. */
const bin = mkdtempSync(join(tmpdir(), 'fake-srun-'));
writeFileSync(join(bin, 'srun'), '#!/bin/sh\necho "srun $*"\n', { mode: 0o755 });

/** Runs a forced command the way sshd does (the user's shell, `-c`). */
function asSshd(command: string, asked: string) {
  return spawnSync('bash', ['-c', command], {
    env: { PATH: `${bin}:${process.env.PATH}`, SSH_ORIGINAL_COMMAND: asked },
    encoding: 'utf8',
  });
}

describe('login keys for interactive allocations', () => {
  it("attaches to the named job when it is one of the tenant's, refuses anything else", () => {
    const command = forcedCommand([41, 7]);
    expect(asSshd(command, '7').stdout).toBe('srun --jobid=7 --overlap --pty bash -l\n');
    expect(asSshd(command, '41').stdout).toContain('--jobid=41');
    for (const asked of ['8', '7; id', '$(id)', '', '7 --pty', '*']) {
      const refused = asSshd(command, asked);
      expect(refused.status, asked).toBe(1);
      expect(refused.stdout, asked).toBe('');
    }
    expect(asSshd(forcedCommand([]), '-').status).toBe(1);
  });

  it('restricts each key to the forced command, quoted for authorized_keys', () => {
    const file = authorizedKeys([KEY], [12]);
    expect(file.startsWith('restrict,pty,command="case \\"$SSH_ORIGINAL_COMMAND\\" in 12)')).toBe(true);
    expect(file.endsWith(` ${KEY}\n`)).toBe(true);
  });

  it('writes one file per login user and removes the files of users no longer listed, nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'login-keys-'));
    writeFileSync(join(dir, 'README.txt'), 'not a login user file');
    writeLoginKeys(
      dir,
      new Map([
        ['sy-a', 'a\n'],
        ['sy-b', 'b\n'],
        ['../escape', 'x'],
      ]),
    );
    expect(readdirSync(dir).sort()).toEqual(['README.txt', 'sy-a', 'sy-b']);
    writeLoginKeys(dir, new Map([['sy-b', 'b2\n']]));
    expect(readdirSync(dir).sort()).toEqual(['README.txt', 'sy-b']);
    expect(readFileSync(join(dir, 'sy-b'), 'utf8')).toBe('b2\n');
  });
});
