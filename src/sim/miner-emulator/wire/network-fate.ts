import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { EmulatedMiner } from '../emulated-miner.ts';

/**
 * Draws what the emulated network does to one request and applies it to the connection: false when
 * the request is not to be answered (`drop`: the connection is reset; `timeout`: it stays open and
 * unanswered, and the client runs into its timeout).
 */
export function deliverable(miner: EmulatedMiner, socket: Socket): boolean {
  const fate = miner.networkFate();
  if (fate === 'drop') {
    socket.resetAndDestroy();
    return false;
  }
  return fate !== 'timeout';
}

/**
 * Collects an HTTP request's body (hanging up once it grows past `maxBytes`) and, when it is
 * complete and the emulated network lets the request through, hands it over as text.
 */
export function onDeliveredBody(
  req: IncomingMessage,
  miner: EmulatedMiner,
  maxBytes: number,
  answer: (body: string) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) req.socket.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    if (deliverable(miner, req.socket)) answer(Buffer.concat(chunks).toString('utf8'));
  });
}
