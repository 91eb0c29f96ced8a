import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { asNumber, asText, firstObject, type JsonObject } from '../reading/json-values.ts';

/**
 * Checks the status block of a cgminer-family reply. cgminer, bmminer, LuxOS and Avalon send
 * `"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary",...}]`; btminer 2.x sends a flat
 * `"STATUS":"S","Code":131,"Msg":{...}`. `S` (success), `I` (info) and `W` (warning) pass; `E` and `F`
 * throw `MinerCommandRefusedError` with the miner's code and message.
 * @returns the miner's clock (`When`, s) when present.
 */
export function checkCgminerStatus(
  body: JsonObject,
  where: string,
  command: string,
  truncated = false,
): number | null {
  const block = firstObject(body.STATUS);
  const status = block ? asText(block.STATUS) : asText(body.STATUS);
  const holder = block ?? body;
  // A truncated reply may have lost its STATUS (firmware that sends it last); keep what arrived.
  if (status === null && truncated) return null;
  if (status === null) {
    throw new MinerProtocolError(where, command, 'no STATUS in reply', excerptOf(JSON.stringify(body)));
  }
  if (status === 'E' || status === 'F') {
    const message = typeof holder.Msg === 'string' ? holder.Msg : JSON.stringify(holder.Msg ?? 'error');
    throw new MinerCommandRefusedError(where, command, asNumber(holder.Code), message);
  }
  return asNumber(holder.When);
}
