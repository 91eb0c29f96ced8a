import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly adminKey: string;
  /** The replica's instance id (the `runner` of the allocation runs it makes). */
  readonly instanceId: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read as loose JSON
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

type StartOptions = Parameters<typeof startOnce>[0];

/**
 * Starts `switchyard server` as a real process replaying August 2023 fast, and waits until it serves.
 * A port taken between choosing and binding it (another process on a busy machine) is retried.
 */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt >= 3 || !String((error as Error).message).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startOnce(options: {
  dataDir: string;
  databaseUrl?: string;
  speed?: number;
  adminKey?: string;
  /** Shared by replicas so their replayed clocks agree. */
  replayAnchorMs?: number;
}): Promise<ServerProcess> {
  const port = await freePort();
  const mqttPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin/switchyard.js'),
      'server',
      '--port',
      String(port),
      '--data-dir',
      options.dataDir,
      '--replay-from',
      '2023-08-10',
      '--speed',
      String(options.speed ?? 900),
      '--fleet',
      join(root, 'examples/fleet.yaml'),
      ...(options.replayAnchorMs !== undefined ? ['--replay-anchor', String(options.replayAnchorMs)] : []),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl ?? '',
        MQTT_URL: '',
        MQTT_PORT: String(mqttPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const adminKey = options.adminKey ?? readFileSync(join(options.dataDir, 'admin-key.txt'), 'utf8').trim();
  const instanceId = ((await (await fetch(`${url}/healthz`)).json()) as { instance: string }).instance;
  return {
    url,
    child,
    adminKey,
    instanceId,
    async api(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}
