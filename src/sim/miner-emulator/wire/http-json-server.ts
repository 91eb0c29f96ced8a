import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpFirmware } from '../dialects/braiins-firmware.ts';
import type { EmulatedMiner } from '../emulated-miner.ts';
import type { ConnectionRegistry } from './connection-registry.ts';
import { onDeliveredBody } from './network-fate.ts';

const MAX_BODY_BYTES = 1024 * 1024;

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  miner: EmulatedMiner,
  firmware: HttpFirmware,
): void {
  onDeliveredBody(req, miner, MAX_BODY_BYTES, (text) => {
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const reply = firmware.respond({
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      body,
    });
    const payload = Buffer.from(JSON.stringify(reply.body ?? null), 'utf8');
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'content-length': payload.length,
      ...reply.headers,
    });
    res.end(payload);
  });
}

/** JSON over HTTP/1.1 for REST firmware (Braiins OS). */
export function createHttpJsonServer(
  miner: EmulatedMiner,
  firmware: HttpFirmware,
  registry: ConnectionRegistry,
): Server {
  const server = createServer({ keepAliveTimeout: 1000 }, (req, res) => handle(req, res, miner, firmware));
  server.on('connection', (socket) => registry.track(socket));
  return server;
}
