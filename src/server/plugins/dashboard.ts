import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:web` writes the dashboard. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Switchyard</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>Switchyard</h1><p>The web dashboard has not been built. Run <code>npm run build:web</code>
(<code>npm start</code> does it for you), then reload this page.</p>
<p>The API is up: <a href="/docs">API docs</a>, <a href="/api/v1/openapi.json">OpenAPI document</a>.</p></body></html>`;

/**
 * Serves the built dashboard (web/dist) at `/`: hashed assets with a long cache life, and
 * index.html for every other path that is not an API, docs or health path (the app routes in the
 * browser). Without a build, `/` says how to make one; the API is unaffected either way.
 */
export async function registerDashboard(
  app: FastifyInstance,
  options: { root?: string } = {},
): Promise<void> {
  const root = options.root ?? DASHBOARD_DIST;
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { root, serve: false });
    scope.get('/*', { config: { roles: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const path = safeDecode(request.url.split('?')[0] ?? '/');
      if (path === undefined || path.startsWith('/api/')) return reply.callNotFound();
      if (!existsSync(join(root, 'index.html'))) return reply.type('text/html').send(NOT_BUILT);
      const file = normalize(path).replace(/^([/\\])+/, '');
      if (extname(file) !== '') {
        if (file.startsWith('..') || !existsSync(join(root, file))) return reply.callNotFound();
        const hashed = file.startsWith('assets/');
        return reply.sendFile(file, root, {
          immutable: hashed,
          maxAge: hashed ? 365 * 86_400_000 : 0,
        });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
    });
  });
}

function safeDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
