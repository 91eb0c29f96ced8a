/**
 * Exact units of the books (ADR 0001, ADR 0004): BTC as bigint satoshis, USD as bigint
 * micro-dollars, both written as decimal strings in JSON.
 */

export const SATS_PER_BTC = 100_000_000n;
export const MICRO_USD_PER_USD = 1_000_000n;

/**
 * Parses a non-negative decimal string (`123.45`) into an integer scaled by 10^decimals, exactly.
 * Returns undefined when the text is not a plain decimal or has more than `decimals` digits after
 * the point (no rounding happens here).
 */
export function parseScaledDecimal(text: string, decimals: number): bigint | undefined {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return undefined;
  return BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** `0.12345678` BTC -> 12_345_678n sats; undefined for more than 8 decimals or a non-decimal. */
export function btcTextToSats(text: string): bigint | undefined {
  return parseScaledDecimal(text, 8);
}

/** Renders a scaled integer as a decimal string with exactly `decimals` digits after the point. */
export function formatScaled(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  const fraction = (abs % scale).toString().padStart(decimals, '0');
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** 12_345_678n sats -> `0.12345678`. */
export function satsToBtcText(sats: bigint): string {
  return formatScaled(sats, 8);
}

/** 1_234_567n micro-USD -> `1.234567`. */
export function microUsdToText(microUsd: bigint): string {
  return formatScaled(microUsd, 6);
}

/** Floor of a / b for b > 0, also for negative a (BigInt division truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('divisor must be positive');
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** a / b rounded half to even, b > 0. */
export function roundHalfEvenDiv(a: bigint, b: bigint): bigint {
  const q = floorDiv(a, b);
  const r2 = (a - q * b) * 2n;
  if (r2 > b) return q + 1n;
  if (r2 < b) return q;
  return q % 2n === 0n ? q : q + 1n;
}

/**
 * Float estimate (backtest output) -> exact integer units, the one conversion ADR 0004 allows for
 * estimates: the float is first printed to 6 decimals of the target unit (clearing binary noise such
 * as 0.29 x 1e8 = 28999999.999999996), then rounded to a whole unit with `mode`.
 */
export function floatToUnits(value: number, unitsPerWhole: bigint, mode: 'floor' | 'half-even'): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  const scaled = (value * Number(unitsPerWhole)).toFixed(6);
  const negative = scaled.startsWith('-');
  const micro = parseScaledDecimal(negative ? scaled.slice(1) : scaled, 6)!;
  const signed = negative ? -micro : micro;
  return mode === 'floor' ? floorDiv(signed, 1_000_000n) : roundHalfEvenDiv(signed, 1_000_000n);
}

/** Float BTC -> whole sats, floor (the pool pays whole sats). */
export function btcFloatToSats(btc: number): bigint {
  return floatToUnits(btc, SATS_PER_BTC, 'floor');
}

/** Float USD -> micro-USD, half-even (ADR 0001). */
export function usdFloatToMicroUsd(usd: number): bigint {
  return floatToUnits(usd, MICRO_USD_PER_USD, 'half-even');
}
