/**
 * A JSON parser that accepts the defects miner APIs are known to put on the wire and reports which
 * ones it met, so a reading can say what was repaired:
 * - NUL bytes (cgminer ends every reply with one; some firmware pads with several),
 * - a missing comma between elements or members (`}{` in bmminer `stats`, `"a""b"`),
 * - a trailing or doubled comma (`,}` from btminer, `[,{` from bmminer),
 * - bare `inf`, `-inf`, `nan`, `NaN`, `Infinity` (Avalon, cgminer forks) -> `null`,
 * - raw newlines and other control characters inside strings (old Whatsminer version strings),
 * - a leading comma before the first member (`,"id":1}` from some Avalon firmware),
 * - text after the first complete value (a second concatenated reply, trailing garbage),
 * - truncation: the text ends inside a value; the incomplete last element is dropped and every open
 *   object and array is closed.
 * Anything else is a `LenientJsonError`.
 */

export type WireDefect =
  | 'nul-bytes'
  | 'missing-comma'
  | 'trailing-comma'
  | 'extra-comma'
  | 'non-finite-number'
  | 'control-character'
  | 'leading-comma'
  | 'trailing-data'
  | 'truncated'
  | 'empty-value';

export interface LenientParse {
  readonly value: unknown;
  /** The defects met, each once, in the order first met. */
  readonly defects: readonly WireDefect[];
}

export class LenientJsonError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} at character ${position}`);
    this.name = 'LenientJsonError';
    this.position = position;
  }
}

/** Marks a value cut off by the end of the text. */
const CUT = Symbol('cut');
type Parsed = unknown | typeof CUT;

const NON_FINITE = /^[-+]?(inf|infinity|nan)$/i;
const WORDS = ['true', 'false', 'null', 'inf', '-inf', '+inf', 'infinity', '-infinity', 'nan', '-nan'];

export function parseLenientJson(input: string): LenientParse {
  return parseCleanJson(input) ?? new Parser(input).parseDocument();
}

/**
 * The fast path: most replies are clean JSON (at most ended by cgminer's NUL terminator), which the
 * engine's JSON.parse reads many times faster than the defect-tolerant parser. Returns undefined
 * when the text is not one clean object or array, and the tolerant parser then reads it (and names
 * what it repaired), so the result is the same either way.
 */
/** The defect-tolerant parser alone, without the fast path (the reference the fast path must match). */
export function parseTolerantJson(input: string): LenientParse {
  return new Parser(input).parseDocument();
}

function parseCleanJson(input: string): LenientParse | undefined {
  let end = input.length;
  while (end > 0 && input.charCodeAt(end - 1) === 0) end -= 1;
  let start = 0;
  while (start < end && isJsonSpace(input.charCodeAt(start))) start += 1;
  const first = input.charCodeAt(start);
  if (first !== 0x7b && first !== 0x5b) return undefined; // { or [
  let value: unknown;
  try {
    value = JSON.parse(end === input.length ? input : input.slice(0, end));
  } catch {
    return undefined;
  }
  return { value, defects: end < input.length ? ['nul-bytes'] : [] };
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

class Parser {
  private readonly text: string;
  private position = 0;
  private readonly defects = new Set<WireDefect>();

  constructor(input: string) {
    let text = input;
    if (text.includes('\0')) {
      this.defects.add('nul-bytes');
      text = text.replace(/\0/g, '');
    }
    this.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  parseDocument(): LenientParse {
    this.skipSpace();
    if (this.atEnd()) throw new LenientJsonError('empty reply', this.position);
    let value: Parsed;
    const first = this.text[this.position];
    if (first === ',' && this.peekAfterSpace(this.position + 1) === '"') {
      this.defects.add('leading-comma');
      this.position += 1;
      value = this.objectMembers({});
    } else if (first === '{' || first === '[') {
      value = this.value();
    } else {
      throw new LenientJsonError(`reply starts with ${JSON.stringify(first)}, not { or [`, this.position);
    }
    if (value === CUT) throw new LenientJsonError('reply ends before any value', this.position);
    if (!this.defects.has('truncated')) {
      this.skipSpace();
      if (!this.atEnd()) this.defects.add('trailing-data');
    }
    return { value, defects: [...this.defects] };
  }

  private atEnd(): boolean {
    return this.position >= this.text.length;
  }

  private cut(): typeof CUT {
    this.defects.add('truncated');
    return CUT;
  }

  /** The text ended inside a container: keep what was complete. */
  private truncate<T>(partial: T): T {
    this.defects.add('truncated');
    return partial;
  }

  private get truncated(): boolean {
    return this.defects.has('truncated');
  }

  private skipSpace(): void {
    while (!this.atEnd()) {
      const c = this.text.charCodeAt(this.position);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.position += 1;
      else break;
    }
  }

  private peekAfterSpace(from: number): string | undefined {
    let index = from;
    while (index < this.text.length && /\s/.test(this.text[index]!)) index += 1;
    return this.text[index];
  }

  private value(): Parsed {
    this.skipSpace();
    if (this.atEnd()) return this.cut();
    const c = this.text[this.position]!;
    if (c === '{') {
      this.position += 1;
      return this.objectMembers({});
    }
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (/[-+0-9.]/.test(c)) return this.numberOrWord();
    if (/[A-Za-z]/.test(c)) return this.word();
    throw new LenientJsonError(`unexpected ${JSON.stringify(c)}`, this.position);
  }

  /** Members of an object whose `{` has been consumed. */
  private objectMembers(out: Record<string, unknown>): Parsed {
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) return this.truncate(out);
      const c = this.text[this.position];
      if (c === '}') {
        this.position += 1;
        return out;
      }
      if (c === ',') {
        this.defects.add('extra-comma');
        this.position += 1;
        continue;
      }
      if (c !== '"') throw new LenientJsonError(`expected a key, found ${JSON.stringify(c)}`, this.position);
      const key = this.string();
      if (key === CUT) return out;
      this.skipSpace();
      if (this.atEnd()) return this.truncate(out);
      if (this.text[this.position] !== ':') {
        throw new LenientJsonError(`expected ":" after key ${JSON.stringify(key)}`, this.position);
      }
      this.position += 1;
      this.skipSpace();
      const empty = this.text[this.position] === ',' || this.text[this.position] === '}';
      // Bitmain's CGI writes `"bitmain-fan-ctrl" : ,` for a setting it has no value for.
      if (empty) this.defects.add('empty-value');
      const member = empty ? null : this.value();
      if (member === CUT) return out;
      out[key as string] = member;
      if (this.truncated) return out;
      this.skipSpace();
      if (this.atEnd()) return this.truncate(out);
      const next = this.text[this.position];
      if (next === ',') {
        this.position += 1;
        this.skipSpace();
        if (this.text[this.position] === '}') this.defects.add('trailing-comma');
      } else if (next === '}') {
        this.position += 1;
        return out;
      } else if (next === '"') {
        this.defects.add('missing-comma');
      } else {
        throw new LenientJsonError(`expected "," or "}", found ${JSON.stringify(next)}`, this.position);
      }
    }
  }

  private array(): Parsed {
    this.position += 1;
    const out: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) return this.truncate(out);
      const c = this.text[this.position];
      if (c === ']') {
        this.position += 1;
        return out;
      }
      if (c === ',') {
        this.defects.add('extra-comma');
        this.position += 1;
        continue;
      }
      const element = this.value();
      if (element === CUT) return out;
      out.push(element);
      if (this.truncated) return out;
      this.skipSpace();
      if (this.atEnd()) return this.truncate(out);
      const next = this.text[this.position]!;
      if (next === ',') {
        this.position += 1;
        this.skipSpace();
        if (this.text[this.position] === ']') this.defects.add('trailing-comma');
      } else if (next === ']') {
        this.position += 1;
        return out;
      } else if (/[{["\-0-9A-Za-z]/.test(next)) {
        this.defects.add('missing-comma');
      } else {
        throw new LenientJsonError(`expected "," or "]", found ${JSON.stringify(next)}`, this.position);
      }
    }
  }

  private string(): Parsed {
    this.position += 1;
    let out = '';
    for (;;) {
      if (this.atEnd()) return this.cut();
      const c = this.text[this.position]!;
      if (c === '"') {
        this.position += 1;
        return out;
      }
      if (c === '\\') {
        const escaped = this.text[this.position + 1];
        if (escaped === undefined) return this.cut();
        if (escaped === 'u') {
          const hex = this.text.slice(this.position + 2, this.position + 6);
          if (hex.length < 4) return this.cut();
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new LenientJsonError('bad \\u escape', this.position);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.position += 6;
          continue;
        }
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        out += simple[escaped] ?? escaped;
        this.position += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.defects.add('control-character');
      out += c;
      this.position += 1;
    }
  }

  private numberOrWord(): Parsed {
    const start = this.position;
    const c = this.text[start]!;
    if ((c === '-' || c === '+') && /[A-Za-z]/.test(this.text[start + 1] ?? '')) return this.word();
    let end = start;
    while (end < this.text.length && /[-+0-9.eE]/.test(this.text[end]!)) end += 1;
    // A number that runs into the end of the text may be missing digits.
    if (end >= this.text.length) return this.cut();
    const token = this.text.slice(start, end);
    const value = Number(token);
    if (token === '' || !Number.isFinite(value) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(token)) {
      throw new LenientJsonError(`bad number ${JSON.stringify(token)}`, start);
    }
    this.position = end;
    return value;
  }

  private word(): Parsed {
    const start = this.position;
    let end = start;
    if (this.text[end] === '-' || this.text[end] === '+') end += 1;
    while (end < this.text.length && /[A-Za-z]/.test(this.text[end]!)) end += 1;
    const token = this.text.slice(start, end);
    const lower = token.toLowerCase();
    if (end >= this.text.length && WORDS.some((word) => word.startsWith(lower))) return this.cut();
    this.position = end;
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (NON_FINITE.test(token)) {
      this.defects.add('non-finite-number');
      return null;
    }
    throw new LenientJsonError(`unexpected word ${JSON.stringify(token)}`, start);
  }
}
