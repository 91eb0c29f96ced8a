import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerError } from '../errors/miner-error.ts';
import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { asObject, asText, type JsonObject } from '../reading/json-values.ts';
import { CgminerTransport } from '../transport/cgminer-transport.ts';
import type { Endpoint, Timeouts } from '../transport/endpoint.ts';
import { HTTP_ANSWERED } from '../transport/reply-text.ts';
import { type Identification, identifyCgminerText } from './identify-firmware.ts';

/** What the cgminer-style attempt on one port found. */
export type CgminerOutcome =
  | { readonly kind: 'identified'; readonly id: Identification; readonly evidence: string }
  | { readonly kind: 'http' }
  | { readonly kind: 'unknown' };

/** Commands asked in order; each reply (or refusal) is one attempt. */
const COMMANDS = ['version', 'get_version', 'summary', 'devdetails', 'stats'] as const;

/**
 * Asks `version`, btminer's `get_version`, `summary` (its STATUS Description names btminer and
 * BOSminer), `devdetails` and `stats` (the Bitmain `Type`) until one names the firmware. `get_version`
 * with an `api_ver` tells btminer API 2.x from 1.x. Stops at once when an HTTP server answers.
 * Transport errors other than a refusal or a garbled reply propagate (nothing listens, or it is silent).
 */
export async function cgminerAttempt(
  endpoint: Endpoint,
  timeouts: Timeouts,
  log: (probe: string, outcome: string) => void,
): Promise<CgminerOutcome> {
  const transport = new CgminerTransport(endpoint, timeouts);
  let btminerApi: string | null = null;
  for (const command of COMMANDS) {
    let body: JsonObject;
    try {
      body = (await transport.command(command)).body;
    } catch (error) {
      if (error instanceof MinerProtocolError && error.problem.endsWith(HTTP_ANSWERED)) {
        log(command, 'an HTTP server answered');
        return { kind: 'http' };
      }
      if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
      log(
        command,
        error instanceof MinerCommandRefusedError ? `refused (${error.minerMessage})` : error.problem,
      );
      if (command === 'version' && error instanceof MinerProtocolError) throw error;
      continue;
    }
    if (command === 'get_version') {
      btminerApi = asText(asObject(body.Msg)?.api_ver);
      if (btminerApi) {
        const dialect = /^[01]\./.test(btminerApi) ? 'whatsminer-v1' : 'whatsminer-v2';
        log(command, `btminer API ${btminerApi}`);
        return {
          kind: 'identified',
          id: { dialect, firmware: `Whatsminer btminer API ${btminerApi}` },
          evidence: `get_version api_ver ${btminerApi}`,
        };
      }
    }
    const id = identifyCgminerText(JSON.stringify(body));
    if (id?.dialect === 'whatsminer-v2' && command === 'version') {
      // Ask `get_version` before deciding between API 1.x and 2.x.
      log(command, 'names btminer');
      continue;
    }
    if (id) {
      // btminer without `get_version` speaks API 1.x.
      const resolved: Identification =
        id.dialect === 'whatsminer-v2'
          ? { dialect: 'whatsminer-v1', firmware: 'Whatsminer btminer API 1.x' }
          : id;
      log(command, `names ${resolved.firmware}`);
      return { kind: 'identified', id: resolved, evidence: `${command} names ${resolved.firmware}` };
    }
    log(command, 'names no known firmware');
  }
  return { kind: 'unknown' };
}

/** Whether `error` is a typed miner error (anything else is a bug and propagates). */
export function isMinerError(error: unknown): error is MinerError {
  return error instanceof MinerError;
}
