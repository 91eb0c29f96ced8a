import type { Socket } from 'node:net';

/**
 * Open sockets of every server of a host, so `close()` can end them all (including connections the
 * emulated network holds without answering).
 */
export class ConnectionRegistry {
  private readonly sockets = new Set<Socket>();

  track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    // A client that hangs up mid-reply is normal; never let it crash the host.
    socket.on('error', () => undefined);
  }

  get size(): number {
    return this.sockets.size;
  }

  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
