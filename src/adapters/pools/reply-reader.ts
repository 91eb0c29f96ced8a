import { btcTextToSats } from '../../core/accounting/exact-units.ts';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { PoolName } from '../../core/pools/pool-credit.ts';

/**
 * Reads a pool's JSON reply field by field; every problem is SY_ERR_POOL_REPLY_MALFORMED naming the
 * pool and the field path (`btc.daily_rewards[2].total_reward`).
 */
export class ReplyReader {
  readonly pool: PoolName;
  readonly path: string;
  readonly value: unknown;

  constructor(pool: PoolName, value: unknown, path = '') {
    this.pool = pool;
    this.value = value;
    this.path = path;
  }

  static parse(pool: PoolName, body: string): ReplyReader {
    try {
      return new ReplyReader(pool, JSON.parse(body));
    } catch (cause) {
      throw new SwitchyardError(
        'SY_ERR_POOL_REPLY_MALFORMED',
        `${pool}: reply is not JSON (${(cause as Error).message}): ${JSON.stringify(body.slice(0, 80))}`,
        { pool },
        { cause },
      );
    }
  }

  fail(problem: string): never {
    throw new SwitchyardError(
      'SY_ERR_POOL_REPLY_MALFORMED',
      `${this.pool}: ${this.path || '(reply)'}: ${problem}`,
      {
        pool: this.pool,
        field: this.path,
        problem,
      },
    );
  }

  /** The object member `key` (must exist; null counts as present). */
  field(key: string): ReplyReader {
    const record = this.object();
    if (!(key in record)) new ReplyReader(this.pool, undefined, this.join(key)).fail('is missing');
    return new ReplyReader(this.pool, record[key], this.join(key));
  }

  /** The member `key`, or undefined when it is absent or null. */
  optional(key: string): ReplyReader | undefined {
    const record = this.object();
    return record[key] == null ? undefined : new ReplyReader(this.pool, record[key], this.join(key));
  }

  object(): Record<string, unknown> {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value))
      this.fail(`expected an object, got ${describe(this.value)}`);
    return this.value as Record<string, unknown>;
  }

  items(): ReplyReader[] {
    if (!Array.isArray(this.value)) this.fail(`expected an array, got ${describe(this.value)}`);
    return (this.value as unknown[]).map((item, i) => new ReplyReader(this.pool, item, `${this.path}[${i}]`));
  }

  text(): string {
    if (typeof this.value !== 'string') this.fail(`expected a string, got ${describe(this.value)}`);
    return this.value as string;
  }

  /** A finite JSON number, or a string holding a plain or exponent-form decimal (pools send both). */
  number(): number {
    const value = this.value;
    const parsed =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim())
          ? Number(value)
          : Number.NaN;
    if (!Number.isFinite(parsed)) this.fail(`${describe(value)} is not a number`);
    return parsed;
  }

  integer(): number {
    const value = this.number();
    if (!Number.isSafeInteger(value)) this.fail(`${describe(this.value)} is not an integer`);
    return value;
  }

  /**
   * A non-negative BTC (coin-unit) amount as satoshis. A decimal string must be exact to 8 decimals
   * (Braiins, OCEAN, Antpool); a JSON number (F2Pool's doubles) is rounded to the nearest satoshi.
   */
  sats(): bigint {
    const value = this.value;
    if (typeof value === 'string') {
      const sats = btcTextToSats(value.trim());
      if (sats === undefined)
        this.fail(
          `${describe(value)} is not an amount of BTC (a non-negative decimal with at most 8 decimals)`,
        );
      return sats;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || value < 0 || value > 21e6)
        this.fail(`${describe(value)} is not an amount of BTC`);
      return BigInt(Math.round(value * 1e8));
    }
    return this.fail(`${describe(value)} is not an amount of BTC`);
  }

  private join(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
