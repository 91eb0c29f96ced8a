import { createServer, type Server } from 'node:http';
import type { EmulatedPool } from './emulated-pool.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Braiins Pool's account API on a local port, for the twin: `GET /accounts/rewards/json/btc?from=&to=`
 * and `GET /accounts/profile/json/btc` (yesterday's hashrate) with `Pool-Auth-Token`, answered from the emulated pool (401 with Braiins' plain error for an
 * unknown token), so `BraiinsPoolEarnings` reads the twin exactly as it reads the real pool.
 */
export class EmulatedPoolServer {
  readonly pool: EmulatedPool;
  readonly #server: Server;

  constructor(pool: EmulatedPool) {
    this.pool = pool;
    this.#server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://twin');
      const token = request.headers['pool-auth-token'];
      const account = typeof token === 'string' ? pool.accountOfToken(token) : undefined;
      const path = url.pathname.replace(/\/$/, '');
      if (path !== '/accounts/rewards/json/btc' && path !== '/accounts/profile/json/btc') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        return;
      }
      if (account === undefined) {
        response.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
        return;
      }
      pool.sample();
      if (path === '/accounts/profile/json/btc') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(pool.profileReply(account));
        return;
      }
      const today = new Date().toISOString().slice(0, 10);
      const from = url.searchParams.get('from') ?? '1970-01-01';
      const to = url.searchParams.get('to') ?? today;
      if (!DATE.test(from) || !DATE.test(to)) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end('Bad Request');
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(pool.rewardsReply(account, from, to));
    });
  }

  listen(host = '127.0.0.1', port = 0): Promise<{ url: string }> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        const address = this.#server.address();
        resolve({ url: `http://${host}:${typeof address === 'object' && address ? address.port : port}` });
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
