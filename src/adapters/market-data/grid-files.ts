import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFileError } from '../../core/errors/index.ts';

/** The kinds of file in the data directory's `grid/` folder, found by name (several files of one kind join). */
export const GRID_FILE_PATTERNS = {
  systemLoad: /native_load.*\.csv$/i,
  ancillaryPrices: /as_mcpc.*\.csv$/i,
  gridEvents: /grid_events.*\.csv$/i,
} as const;

export type GridFileKind = keyof typeof GRID_FILE_PATTERNS;

/** Files of each kind in `dir`, sorted by name; an absent folder lists none (grid data is optional). */
export async function discoverGridFiles(dir: string): Promise<ReadonlyMap<GridFileKind, readonly string[]>> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    names = [];
  }
  const out = new Map<GridFileKind, string[]>();
  for (const kind of Object.keys(GRID_FILE_PATTERNS) as GridFileKind[]) {
    out.set(
      kind,
      names.filter((n) => GRID_FILE_PATTERNS[kind].test(n)).map((n) => join(dir, n)),
    );
  }
  return out;
}

/** The files of a kind, or SY_ERR_DATA_FILE_MISSING naming the folder and the expected name. */
export function requireGridFiles(
  files: ReadonlyMap<GridFileKind, readonly string[]>,
  kind: GridFileKind,
  dir: string,
): readonly string[] {
  const found = files.get(kind) ?? [];
  if (found.length === 0) {
    throw new DataFileError(
      'SY_ERR_DATA_FILE_MISSING',
      { file: dir },
      `no ${kind} file (a name matching ${GRID_FILE_PATTERNS[kind]}) in the grid folder`,
    );
  }
  return found;
}
