import { MinerError } from '../errors/miner-error.ts';
import type { JsonObject } from '../reading/json-values.ts';
import type { CgminerResults } from '../transport/cgminer-transport.ts';
import { defectWarnings } from '../transport/reply-text.ts';

/**
 * The replies of one read, by command. Essential commands that failed are rethrown (the reading would
 * be meaningless without them); optional ones become warnings and `null` bodies.
 */
export class ReplySet {
  readonly warnings: string[] = [];
  private readonly bodies = new Map<string, JsonObject>();

  constructor(results: CgminerResults, essential: readonly string[]) {
    for (const [command, result] of results) {
      if (result instanceof MinerError) {
        if (essential.includes(command)) throw result;
        this.warnings.push(`${command} not available: ${result.problem}`);
      } else {
        this.bodies.set(command, result.body);
        this.warnings.push(...defectWarnings(command, result.defects));
      }
    }
  }

  body(command: string): JsonObject | null {
    return this.bodies.get(command) ?? null;
  }

  /** Adds replies fetched outside the combined request (e.g. commands that take a parameter). */
  add(command: string, body: JsonObject): void {
    this.bodies.set(command, body);
  }
}
