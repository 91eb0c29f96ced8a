import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A scratch directory under os.tmpdir() for tests that need small (often malformed) data files. */
export interface TempDir {
  readonly path: string;
  /** Writes `text` to `relativePath` (creating folders) and returns the absolute path. */
  write(relativePath: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix = 'switchyard-market-data-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    async write(relativePath, text) {
      const file = join(path, relativePath);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text, 'utf8');
      return file;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
