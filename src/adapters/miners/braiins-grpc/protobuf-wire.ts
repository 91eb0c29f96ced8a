/**
 * The protobuf wire format (proto3), just what the Braiins OS public API messages use: varint scalars
 * (`uint32`, `uint64`, `bool`, enums), `double` (fixed64), `float` (fixed32), strings and nested
 * messages, repeated or not. Messages are described by a `MessageSchema` (field name -> number and
 * type, from the published `.proto`); encoding and decoding go through it. Unknown fields are skipped,
 * as protobuf requires; a truncated buffer, a bad wire type or a field of the wrong wire type throws
 * `ProtobufError`. Decoding gives plain objects: a field absent on the wire is absent in the object.
 */

export type ScalarType = 'string' | 'bool' | 'uint32' | 'uint64' | 'enum' | 'double' | 'float';

export interface FieldSpec {
  readonly no: number;
  readonly type: ScalarType | MessageSchema;
  readonly repeated?: boolean;
}

export interface MessageSchema {
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

function wireTypeOf(type: FieldSpec['type']): number {
  if (typeof type !== 'string' || type === 'string') return WIRE_BYTES;
  if (type === 'double') return WIRE_FIXED64;
  if (type === 'float') return WIRE_FIXED32;
  return WIRE_VARINT;
}

// ---- encoding ----

function varint(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return bytes;
}

function encodeScalar(type: ScalarType, value: unknown): Buffer {
  switch (type) {
    case 'string':
      return Buffer.from(String(value), 'utf8');
    case 'double': {
      const out = Buffer.alloc(8);
      out.writeDoubleLE(Number(value));
      return out;
    }
    case 'float': {
      const out = Buffer.alloc(4);
      out.writeFloatLE(Number(value));
      return out;
    }
    case 'bool':
      return Buffer.from(varint(value ? 1n : 0n));
    default:
      return Buffer.from(varint(BigInt(Math.max(0, Math.trunc(Number(value) || 0)))));
  }
}

/** Encodes `value` (an object keyed by field name; `undefined`/`null` fields are left out). */
export function encodeMessage(schema: MessageSchema, value: Record<string, unknown>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, spec] of Object.entries(schema.fields)) {
    const field = value[name];
    if (field === undefined || field === null) continue;
    const items = spec.repeated ? (Array.isArray(field) ? field : []) : [field];
    const wire = wireTypeOf(spec.type);
    for (const item of items) {
      const key = Buffer.from(varint(BigInt((spec.no << 3) | wire)));
      const payload =
        typeof spec.type === 'string'
          ? encodeScalar(spec.type, item)
          : encodeMessage(spec.type, item as Record<string, unknown>);
      const length = wire === WIRE_BYTES ? Buffer.from(varint(BigInt(payload.length))) : Buffer.alloc(0);
      parts.push(key, length, payload);
    }
  }
  return Buffer.concat(parts);
}

// ---- decoding ----

class Reader {
  offset = 0;
  constructor(readonly buffer: Buffer) {}

  get done(): boolean {
    return this.offset >= this.buffer.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.offset >= this.buffer.length) throw new ProtobufError('truncated varint');
      const byte = this.buffer[this.offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  take(length: number): Buffer {
    if (length < 0 || this.offset + length > this.buffer.length) {
      throw new ProtobufError(`field of ${length} bytes runs past the end of the message`);
    }
    const out = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.take(8);
    else if (wire === WIRE_FIXED32) this.take(4);
    else if (wire === WIRE_BYTES) this.take(this.length());
    else throw new ProtobufError(`unsupported wire type ${wire}`);
  }

  length(): number {
    const length = this.varint();
    if (length > BigInt(this.buffer.length)) throw new ProtobufError(`length ${length} past the end`);
    return Number(length);
  }
}

const MAX_DEPTH = 32;

function decodeValue(reader: Reader, spec: FieldSpec, depth: number): unknown {
  const type = spec.type;
  if (typeof type !== 'string') return decodeAt(type, reader.take(reader.length()), depth + 1);
  switch (type) {
    case 'string': {
      const bytes = reader.take(reader.length());
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    }
    case 'double':
      return reader.take(8).readDoubleLE(0);
    case 'float':
      return reader.take(4).readFloatLE(0);
    case 'bool':
      return reader.varint() !== 0n;
    case 'uint32':
      return Number(BigInt.asUintN(32, reader.varint()));
    default:
      return Number(reader.varint());
  }
}

function decodeAt(schema: MessageSchema, buffer: Buffer, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new ProtobufError(`messages nested deeper than ${MAX_DEPTH}`);
  const byNumber = new Map(Object.entries(schema.fields).map(([name, spec]) => [spec.no, { name, spec }]));
  const out: Record<string, unknown> = {};
  const reader = new Reader(buffer);
  while (!reader.done) {
    const key = reader.varint();
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (no === 0) throw new ProtobufError('field number 0');
    const field = byNumber.get(no);
    if (!field) {
      reader.skip(wire);
      continue;
    }
    const expected = wireTypeOf(field.spec.type);
    // Packed repeated scalars (proto3's default for numbers): one length-delimited run of values.
    if (field.spec.repeated && wire === WIRE_BYTES && expected !== WIRE_BYTES) {
      const run = new Reader(reader.take(reader.length()));
      const list = (out[field.name] as unknown[] | undefined) ?? [];
      while (!run.done) list.push(decodeValue(run, field.spec, depth));
      out[field.name] = list;
      continue;
    }
    if (wire !== expected) {
      throw new ProtobufError(`${schema.name}.${field.name} has wire type ${wire}, expected ${expected}`);
    }
    const value = decodeValue(reader, field.spec, depth);
    if (field.spec.repeated) {
      const list = (out[field.name] as unknown[] | undefined) ?? [];
      list.push(value);
      out[field.name] = list;
    } else if (typeof field.spec.type !== 'string' && out[field.name] !== undefined) {
      // A message field seen twice merges (protobuf rule); last scalar wins.
      out[field.name] = { ...(out[field.name] as object), ...(value as object) };
    } else {
      out[field.name] = value;
    }
  }
  return out;
}

/** Decodes one message; throws `ProtobufError` on anything that is not a well-formed `schema` message. */
export function decodeMessage(schema: MessageSchema, buffer: Buffer): Record<string, unknown> {
  return decodeAt(schema, buffer, 0);
}
