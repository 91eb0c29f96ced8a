import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpuHubSite } from '../marketplace/gpu-hub.ts';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { type ApiBody, exampleFleet, type Harness, startHarness } from './app-harness.ts';
import { arbitraryFor, asText, type JsonSchema } from './schema-arbitrary.ts';

/** Routes whose every call runs the solver or a month's simulation: covered by their own tests. */
const SLOW = new Set([
  'POST /api/v1/allocation/run',
  'GET /api/v1/reports/{month}',
  'GET /api/v1/allocation/strategies',
  'GET /api/v1/sites/{siteId}/plan',
]);

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly roles: string[];
  readonly pathParams: { name: string; schema?: JsonSchema }[];
  readonly query: { name: string; schema?: JsonSchema }[];
  readonly headers: { name: string; schema?: JsonSchema }[];
  readonly body?: JsonSchema;
}

/** Every route of the OpenAPI document the app serves, with its parameter and body schemas. */
function operationsOf(document: ApiBody): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, ApiBody>>)) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = (op.parameters ?? []) as { in: string; name: string; schema?: JsonSchema }[];
      const roles = /Roles: ([a-z, ]+)\./.exec(op.description ?? '')?.[1]?.split(', ') ?? [];
      found.push({
        method: method.toUpperCase(),
        path,
        roles,
        pathParams: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        headers: parameters.filter((p) => p.in === 'header'),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return found.filter((op) => op.roles.length > 0 && !SLOW.has(`${op.method} ${op.path}`));
}

/**
 * A property-based test per route (issue 13): bodies, path parameters, queries and headers
 * generated from the route's own schema (valid values mixed with hostile ones) never get a 500,
 * and a refused request changes nothing stored (no half-applied write).
 */
describe.each([
  ['PGlite', false, 10],
  ['PostgreSQL', true, 3],
])('every route under generated input on %s', (_name, postgres, numRuns) => {
  let h: Harness;
  let database: TestDatabase | undefined;
  const keys: Record<string, string> = {};
  const known: Record<string, string[]> = {};

  beforeAll(async () => {
    database = postgres ? await createTestDatabase() : undefined;
    h = await startHarness(database ? { databaseUrl: database.url } : {});
    const fleet = { ...exampleFleet, sites: [...exampleFleet.sites, gpuHubSite] };
    expect((await h.call('POST', '/api/v1/fleet/import', { body: fleet })).status).toBe(200);
    keys.admin = h.adminKey;
    keys.operator = (
      await h.call('POST', '/api/v1/api-keys', { body: { name: 'op', role: 'operator' } })
    ).body.key;
    keys.agent = (
      await h.call('POST', '/api/v1/api-keys', { body: { name: 'ag', role: 'agent', siteId: 'tx-west-1' } })
    ).body.key;
    const tenant = await h.call('POST', '/api/v1/market/tenants', {
      body: { name: 'Fuzz', spendingLimitCents: 1_000_000, maxGpus: 8 },
    });
    keys.tenant = tenant.body.apiKey;
    known.siteId = ['tx-west-1', 'gpu-hub', 'ab-medicine-hat'];
    known.groupId = ['h100', 's19xp'];
    known.id = [tenant.body.tenant.id, 'nope'];
    known.month = ['2023-08', '2023-07'];
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  /** What a refused request must leave as it was. */
  const stored = async () =>
    JSON.stringify([
      (await h.storage.sites.list()).map((r) => [r.site.id, r.version]),
      (await h.storage.audit.list({ limit: 100_000 })).length,
      await h.storage.marketplace.listTenants(),
      (await h.storage.marketplace.listLeases({})).map((l) => [l.id, l.state]),
      (await h.storage.apiKeys.list()).map((k) => [k.id, k.revokedAtMs ?? null]),
      (await h.storage.curtailments.active()).map((c) => c.id),
      (await h.storage.gridEvents.list(1_000)).map((e) => e.id),
    ]);

  it('answers every generated request below 500 and refuses without writing', async () => {
    const operations = operationsOf((await h.call('GET', '/api/v1/openapi.json', { key: '' })).body);
    expect(operations.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const op of operations) {
      const role = op.roles.includes('admin') ? 'admin' : op.roles[0]!;
      const param = (p: { name: string; schema?: JsonSchema }) =>
        fc.oneof(fc.constantFrom(...(known[p.name] ?? ['x'])), arbitraryFor(p.schema).map(asText));
      const request = fc.record({
        params: fc.tuple(...op.pathParams.map(param)),
        query: fc.tuple(...op.query.map((q) => fc.option(param(q), { nil: undefined }))),
        headers: fc.tuple(...op.headers.map((q) => arbitraryFor(q.schema).map(asText))),
        body: op.body ? arbitraryFor(op.body) : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ params, query, headers, body }) => {
          let url = op.path;
          op.pathParams.forEach((p, i) => {
            url = url.replace(`{${p.name}}`, encodeURIComponent(params[i]!));
          });
          const search = op.query
            .map((q, i) => (query[i] === undefined ? '' : `${q.name}=${encodeURIComponent(query[i]!)}`))
            .filter(Boolean)
            .join('&');
          const before = await stored();
          const response = await h.app.inject({
            method: op.method as 'GET',
            url: search ? `${url}?${search}` : url,
            headers: {
              authorization: `Bearer ${keys[role]}`,
              ...Object.fromEntries(op.headers.map((hd, i) => [hd.name, headers[i]!.slice(0, 300) || 'k'])),
            },
            ...(body === undefined ? {} : { payload: body as object }),
          });
          if (response.statusCode >= 500) {
            failures.push(`${op.method} ${op.path} -> ${response.statusCode} ${response.body.slice(0, 200)}`);
          }
          if (response.statusCode >= 400 && (await stored()) !== before) {
            failures.push(`${op.method} ${op.path} -> ${response.statusCode} but stored data changed`);
          }
          return true;
        }),
        { numRuns, seed: 13, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
