import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError, SwitchyardError } from '../../core/errors/index.ts';
import { type Fleet, parseFleet } from '../../core/fleet/index.ts';

/**
 * Reads a fleet file (YAML or JSON, JSON being YAML) and validates it once. Syntax errors name the
 * line and column; schema errors name every path at fault.
 */
export function loadFleetFile(path: string): Fleet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SwitchyardError(
      'SY_ERR_CONFIG_UNREADABLE',
      `${path}: cannot read fleet file (${(error as Error).message})`,
      {
        path,
      },
    );
  }
  return parseFleetText(text, path);
}

export function parseFleetText(text: string, source: string): Fleet {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((error) => ({
        path: error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '(syntax)',
        message: error.message.split('\n')[0] ?? error.message,
      })),
    );
  }
  return parseFleet(document.toJS(), source);
}
