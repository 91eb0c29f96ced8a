import { ConfigError, type ConfigIssue } from '../../errors/index.ts';
import { parseFleet } from '../parse-fleet.ts';

/** The issues parseFleet throws for `document`; throws if it accepts it or throws anything else. */
export function fleetIssues(document: unknown): readonly ConfigIssue[] {
  try {
    parseFleet(document, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('parseFleet accepted the document');
}
