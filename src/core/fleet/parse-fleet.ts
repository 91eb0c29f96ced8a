import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import { type Fleet, fleetSchema } from './fleet-schema.ts';

/** Validates a parsed fleet document; throws ConfigError listing every problem with its path. */
export function parseFleet(document: unknown, source: string): Fleet {
  const result = fleetSchema.safeParse(document, { reportInput: true });
  if (!result.success) throw new ConfigError(source, result.error.issues.map(toConfigIssue));
  return deepFreeze(result.data);
}

/** `['sites', 3, 'battery', 'capacityMwh']` -> `sites[3].battery.capacityMwh`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

function toConfigIssue(issue: z.core.$ZodIssue): ConfigIssue {
  return { path: formatPath(issue.path), message: describe(issue) };
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}, got ${typeName(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'array')
        return issue.message.startsWith('Too small')
          ? `must have at least ${issue.minimum} item(s)`
          : issue.message;
      return issue.message.startsWith('Too small')
        ? `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`
        : issue.message;
    case 'too_big':
      return issue.message.startsWith('Too big')
        ? `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`
        : issue.message;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        return `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
      }
      return issue.message;
    default:
      return issue.message;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
