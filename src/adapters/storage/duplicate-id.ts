import { SwitchyardError } from '../../core/errors/index.ts';

/** A create with an id that is already stored (`what`: "API key", "grid event", "curtailment"). */
export function duplicateId(what: string, id: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_STORAGE_CONFLICT', `${what} ${id} already exists`, { id });
}
