import { createServer, type Server, type Socket } from 'node:net';
import type { CgminerFirmware, CgminerRequest } from '../dialects/cgminer-reply.ts';
import type { JsonObject } from '../dialects/wire-format.ts';
import type { EmulatedMiner } from '../emulated-miner.ts';
import type { ConnectionRegistry } from './connection-registry.ts';
import { deliverable } from './network-fate.ts';

/** Requests larger than this are not a cgminer client: hang up. */
const MAX_REQUEST_BYTES = 64 * 1024;
const NUL = Buffer.from([0]);

type Parsed = CgminerRequest | 'incomplete' | 'invalid';

function parseRequest(buffer: Buffer): Parsed {
  const text = buffer.toString('utf8').replace(/\0+$/, '').trim();
  if (text === '') return 'incomplete';
  if (text[0] !== '{') return 'invalid';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return buffer.length > MAX_REQUEST_BYTES ? 'invalid' : 'incomplete';
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'invalid';
  const object = raw as JsonObject;
  const parameter = object.parameter;
  return {
    command: typeof object.command === 'string' ? object.command.trim() : '',
    parameter: parameter === undefined || parameter === null ? null : String(parameter),
    raw: object,
  };
}

/**
 * One reply, or cgminer's combined form `{"a":[<reply a>],"b":[<reply b>],"id":1}` for `a+b`, all
 * answered from one snapshot of the miner.
 */
export function cgminerReply(
  miner: EmulatedMiner,
  firmware: CgminerFirmware,
  request: CgminerRequest,
): JsonObject {
  const snapshot = miner.snapshot();
  if (!request.command.includes('+')) return firmware.respond(request, snapshot);
  const combined: JsonObject = {};
  for (const command of request.command.split('+')) {
    combined[command] = [
      firmware.respond({ command, parameter: request.parameter, raw: { ...request.raw, command } }, snapshot),
    ];
  }
  combined.id = 1;
  return combined;
}

function serve(
  socket: Socket,
  miner: EmulatedMiner,
  firmware: CgminerFirmware,
  registry: ConnectionRegistry,
) {
  registry.track(socket);
  let buffer: Buffer | null = null;
  let answered = false;
  socket.on('data', (chunk: Buffer) => {
    if (answered) return;
    buffer = buffer ? Buffer.concat([buffer, chunk]) : chunk;
    const request = parseRequest(buffer);
    if (request === 'incomplete') {
      if (buffer.length > MAX_REQUEST_BYTES) socket.destroy();
      return;
    }
    answered = true;
    buffer = null;
    if (!deliverable(miner, socket)) return;
    const body = request === 'invalid' ? firmware.invalidJson() : cgminerReply(miner, firmware, request);
    // cgminer ends every reply with a NUL byte and closes the connection.
    socket.end(Buffer.concat([Buffer.from(JSON.stringify(body), 'utf8'), NUL]));
  });
}

/**
 * The cgminer-style JSON API over TCP, as cgminer, bmminer, LuxOS, btminer 2.x and Avalon serve it:
 * one JSON request per connection, the reply is JSON followed by a NUL byte, then the miner closes.
 * A request that is not JSON gets the firmware's "Invalid JSON" status. The emulated network may
 * reset the connection or leave it unanswered.
 */
export function createCgminerServer(
  miner: EmulatedMiner,
  firmware: CgminerFirmware,
  registry: ConnectionRegistry,
): Server {
  return createServer((socket) => serve(socket, miner, firmware, registry));
}
