import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import type { JsonObject } from '../reading/json-values.ts';
import { asObject } from '../reading/json-values.ts';
import { LenientJsonError, parseLenientJson, type WireDefect } from './lenient-json.ts';

/** The problem text of a `MinerProtocolError` when an HTTP server answered a raw JSON request. */
export const HTTP_ANSWERED = 'an HTTP server answered';

export interface ParsedReply {
  readonly body: JsonObject;
  readonly defects: readonly WireDefect[];
}

/**
 * Decodes reply bytes (UTF-8, invalid sequences replaced) and parses them leniently into an object.
 * Throws `MinerProtocolError` (with the parse error as cause) when no object can be recovered.
 */
export function parseReplyObject(bytes: Buffer, where: string, what: string): ParsedReply {
  const text = bytes.toString('utf8');
  if (/^[\0\s]*$/.test(text)) {
    throw new MinerProtocolError(where, what, 'empty reply', excerptOf(text));
  }
  if (/^HTTP\/\d/.test(text)) {
    throw new MinerProtocolError(where, what, HTTP_ANSWERED, excerptOf(text));
  }
  let parsed: ReturnType<typeof parseLenientJson>;
  try {
    parsed = parseLenientJson(text);
  } catch (error) {
    const problem = error instanceof LenientJsonError ? error.message : String(error);
    throw new MinerProtocolError(where, what, `not JSON (${problem})`, excerptOf(text), { cause: error });
  }
  const body = asObject(parsed.value);
  if (!body) throw new MinerProtocolError(where, what, 'JSON but not an object', excerptOf(text));
  return { body, defects: parsed.defects };
}

/** Warnings for a reading: the defects worth telling people about (the NUL terminator is normal framing). */
export function defectWarnings(what: string, defects: readonly WireDefect[]): string[] {
  const notable = defects.filter((defect) => defect !== 'nul-bytes');
  if (notable.length === 0) return [];
  const truncated = notable.includes('truncated') ? ' (values after the cut are missing)' : '';
  return [`reply to ${what} repaired: ${notable.join(', ')}${truncated}`];
}
