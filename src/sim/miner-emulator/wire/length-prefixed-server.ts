import { createServer, type Server, type Socket } from 'node:net';
import type { LengthPrefixedFirmware } from '../dialects/whatsminer-v3-firmware.ts';
import type { JsonObject } from '../dialects/wire-format.ts';
import type { EmulatedMiner } from '../emulated-miner.ts';
import type { ConnectionRegistry } from './connection-registry.ts';
import { deliverable } from './network-fate.ts';

const MAX_FRAME_BYTES = 1024 * 1024;

function frame(body: JsonObject): Buffer {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32LE(json.length, 0);
  return Buffer.concat([header, json]);
}

function serve(
  socket: Socket,
  miner: EmulatedMiner,
  firmware: LengthPrefixedFirmware,
  registry: ConnectionRegistry,
) {
  registry.track(socket);
  let buffer: Buffer | null = null;
  let answered = false;
  socket.on('data', (chunk: Buffer) => {
    if (answered) return;
    buffer = buffer ? Buffer.concat([buffer, chunk]) : chunk;
    if (buffer.length < 4) return;
    const declared = buffer.readUInt32LE(0);
    if (declared > MAX_FRAME_BYTES) {
      // Not this framing (e.g. a cgminer-style probe): hang up like the real API.
      answered = true;
      socket.destroy();
      return;
    }
    if (buffer.length < 4 + declared) return;
    answered = true;
    let request: JsonObject | null = null;
    try {
      const parsed: unknown = JSON.parse(buffer.subarray(4, 4 + declared).toString('utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        request = parsed as JsonObject;
    } catch {
      request = null;
    }
    buffer = null;
    if (!deliverable(miner, socket)) return;
    const body = request ? firmware.respond(request) : { code: -1, msg: 'invalid json', desc: '' };
    socket.end(frame(body));
  });
}

/** JSON framed by a 4-byte little-endian length, both ways (Whatsminer API 3.x, port 4433). */
export function createLengthPrefixedServer(
  miner: EmulatedMiner,
  firmware: LengthPrefixedFirmware,
  registry: ConnectionRegistry,
): Server {
  return createServer((socket) => serve(socket, miner, firmware, registry));
}
