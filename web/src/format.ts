/** Display formats. Times are shown in UTC: the server may be replaying another year. */

export { monthOf } from '../../src/core/time/calendar.ts';

const usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usdWhole = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const clockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function hashrate(ths: number): string {
  if (ths >= 1e6) return `${(ths / 1e6).toFixed(2)} EH/s`;
  if (ths >= 1e3) return `${(ths / 1e3).toFixed(ths >= 1e5 ? 0 : 1)} PH/s`;
  return `${ths.toFixed(ths >= 100 ? 0 : 1)} TH/s`;
}

export function mw(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} MW`;
}

export function usdFromCents(cents: number, whole = false): string {
  return (whole ? usdWhole : usdFormat).format(cents / 100);
}

export function usd(value: number, whole = true): string {
  return (whole ? usdWhole : usdFormat).format(value);
}

export function centsRate(cents: number): string {
  return `${usdFormat.format(cents / 100)}/GPU-h`;
}

export function btc(value: number): string {
  return `${value.toFixed(value >= 100 ? 1 : value >= 1 ? 3 : 5)} BTC`;
}

export function percent(share: number | null | undefined, digits = 0): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(digits)} %`;
}

export function utc(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : `${timeFormat.format(ms)} UTC`;
}

export function utcClock(ms: number): string {
  return clockFormat.format(ms);
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}

export function energyMwh(wh: number): string {
  return wh >= 1e6 ? `${(wh / 1e6).toFixed(2)} MWh` : `${(wh / 1e3).toFixed(1)} kWh`;
}

export function gpuHours(gpuSeconds: number): string {
  return `${(gpuSeconds / 3600).toFixed(2)} GPU-h`;
}

const hourMinuteFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
});

export function utcHourMinute(ms: number): string {
  return hourMinuteFormat.format(ms);
}
