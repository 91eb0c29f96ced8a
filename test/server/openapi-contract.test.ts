import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './app-harness.ts';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }>; description?: string }>;
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  enum?: unknown[];
}

/**
 * Paths in `schema` that are objects saying nothing of their fields (no properties, any extra
 * allowed): what an open `Any` response used to be. A record of named values (additionalProperties
 * given a schema) says what its values are, and is fine; so is the null OpenAPI 3.0 writes as an
 * object with `enum: [null]`.
 */
function openObjects(schema: JsonSchema | undefined, path: string): string[] {
  if (!schema) return [path];
  const here =
    schema.type === 'object' && !schema.properties && !schema.enum && schema.additionalProperties !== false
      ? typeof schema.additionalProperties === 'object'
        ? []
        : [path]
      : [];
  const nested = [
    ...Object.entries(schema.properties ?? {}).flatMap(([k, v]) => openObjects(v, `${path}.${k}`)),
    ...(schema.items ? openObjects(schema.items, `${path}[]`) : []),
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].flatMap((s, i) =>
      openObjects(s, `${path}|${i}`),
    ),
  ];
  return [...here, ...nested];
}

describe('the OpenAPI document', () => {
  let h: Harness;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    h = await startHarness();
    paths = (await h.call('GET', '/api/v1/openapi.json', { key: '' })).body.paths;
  });
  afterAll(async () => h.close());

  it('describes a success response for every route, with a schema unless it has no body', () => {
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const success = Object.entries(operation.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        const described = success.some(
          ([code, response]) => code === '204' || Object.values(response.content ?? {}).some((c) => c.schema),
        );
        if (!described) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(Object.keys(paths).length).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it('has no open "any object" in a success response (only the fleet-file site document is open)', () => {
    const open: string[] = [];
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [code, response] of Object.entries(operation.responses ?? {})) {
          if (!/^2\d\d$/.test(code)) continue;
          for (const content of Object.values(response.content ?? {})) {
            for (const where of openObjects(content.schema, `${method.toUpperCase()} ${path} ${code}`)) {
              if (!/\.site$/.test(where)) open.push(where);
            }
          }
        }
      }
    }
    expect(open).toEqual([]);
  });
});
