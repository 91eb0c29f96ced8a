import { resolve } from 'node:path';

/** Environment variable naming the market-data directory. */
export const DATA_DIR_ENV = 'SWITCHYARD_DATA_DIR';

/** Data directory used when neither the flag nor the environment names one, relative to the working directory. */
export const DEFAULT_DATA_DIR = '../shared/data';

/**
 * The market-data directory as an absolute path: the `--data-dir` flag value if given, else
 * `$SWITCHYARD_DATA_DIR`, else `../shared/data`; relative paths resolve against `cwd`. Empty strings count as unset.
 */
export function dataDirFromEnv(
  flag?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): string {
  const chosen = nonEmpty(flag) ?? nonEmpty(env[DATA_DIR_ENV]) ?? DEFAULT_DATA_DIR;
  return resolve(cwd, chosen);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
