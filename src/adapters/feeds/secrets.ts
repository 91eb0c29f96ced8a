import { readFileSync } from 'node:fs';
import { SwitchyardError } from '../../core/errors/index.ts';

/**
 * A secret (API key, RPC password) from the environment: `NAME`, or the file named by `NAME_FILE`
 * (trailing newline dropped). Never from the fleet file; never logged. Undefined when neither is set.
 */
export function readSecret(
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct.trim() !== '') return direct.trim();
  const file = env[`${name}_FILE`];
  if (file === undefined || file.trim() === '') return undefined;
  try {
    return readFile(file.trim()).replace(/\r?\n$/, '');
  } catch (error) {
    throw new SwitchyardError(
      'SY_ERR_CONFIG_UNREADABLE',
      `${name}_FILE: cannot read ${file} (${(error as Error).message})`,
      { variable: `${name}_FILE` },
    );
  }
}
