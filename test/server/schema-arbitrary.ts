import fc from 'fast-check';

/** The JSON Schema subset the routes' TypeBox schemas use. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

/** Values no schema should let through to a 500: wrong types, NUL, huge and odd numbers. */
const hostile = fc.constantFrom<unknown>(
  null,
  '',
  'a\u0000b',
  'x'.repeat(5_000),
  -1,
  0,
  1.5,
  1e20,
  -1e20,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  [],
  {},
  { __proto__: { polluted: true } },
  '1e309',
  '99999999999999999999',
);

/**
 * An arbitrary producing values for a schema: mostly valid ones (so the route's logic and storage
 * run), mixed with hostile ones (wrong types, bounds, NUL, nesting) so validation is exercised too.
 */
export function arbitraryFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined) return fc.oneof(hostile, fc.jsonValue({ maxDepth: 2 }));
  return fc.oneof({ weight: 5, arbitrary: valid(schema, depth) }, { weight: 1, arbitrary: hostile });
}

function valid(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s) => arbitraryFor(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer': {
      const min = schema.minimum ?? -1_000_000;
      const max = Math.max(schema.maximum ?? 1_000_000_000, min);
      if (min >= -2_147_483_648 && max <= 2_147_483_647) return fc.integer({ min, max });
      return fc
        .double({ min, max, noNaN: true, noDefaultInfinity: true })
        .map((x) => Math.max(min, Math.floor(x)));
    }
    case 'number':
      return fc.double({
        min: schema.exclusiveMinimum ?? schema.minimum ?? -1e6,
        max: schema.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(depth > 4 ? hostile : arbitraryFor(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'object':
      return objectFor(schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 300);
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    shape[name] = depth > 4 ? hostile : arbitraryFor(property, depth + 1);
  }
  const record = fc.record(shape, {
    requiredKeys: Object.keys(properties).filter((name) => required.has(name)),
  });
  // Sometimes an extra field, sometimes deep nesting in it.
  return fc
    .tuple(record, fc.option(fc.tuple(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }))))
    .map(([value, extra]) =>
      extra === null
        ? value
        : { ...(value as object), [extra[0] === '__proto__' ? 'proto' : extra[0]]: extra[1] },
    );
}

/** A value as a query-string or path text. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
