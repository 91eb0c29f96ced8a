import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BacktestSink } from '../../core/backtest/run-backtest.ts';
import type { IntervalOutcome } from '../../core/backtest/settle-interval.ts';

const COLUMNS = [
  'interval_start_utc',
  'mining_mw',
  'hashrate_ths',
  'gpu_mw',
  'import_mw',
  'export_mw',
  'renewable_used_mw',
  'renewable_curtailed_mw',
  'charge_mw',
  'discharge_mw',
  'soc_mwh',
  'import_price_usd_mwh',
  'hashprice_usd_th_day',
  'mining_usd',
  'btc_mined',
  'gpu_usd',
  'export_usd',
  'energy_cost_usd',
  'battery_cost_usd',
  'demand_charge_usd',
  'net_usd',
] as const;

const FLUSH_BYTES = 1 << 20;

/**
 * Streams every settled interval to `DIR/<strategy>/<site>.csv` and `.jsonl` (one JSON object a
 * line, with the decision's explanation where a decision was taken). Buffers about 1 MB per file,
 * so a fleet-year never sits in memory.
 */
export class FileBacktestSink implements BacktestSink {
  private readonly files = new Map<
    string,
    { csv: number; jsonl: number; csvBuffer: string; jsonBuffer: string }
  >();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  interval(
    strategy: string,
    siteId: string,
    outcome: IntervalOutcome,
    explanation: readonly string[] | undefined,
  ): void {
    const file = this.open(strategy, siteId);
    const row = [
      new Date(outcome.startMs).toISOString(),
      fixed(outcome.miningMw, 4),
      fixed(outcome.hashrateThs, 1),
      fixed(outcome.gpuMw, 4),
      fixed(outcome.importMw, 4),
      fixed(outcome.exportMw, 4),
      fixed(outcome.renewableUsedMw, 4),
      fixed(outcome.renewableCurtailedMw, 4),
      fixed(outcome.chargeMw, 4),
      fixed(outcome.dischargeMw, 4),
      fixed(outcome.socMwh, 4),
      fixed(outcome.importPriceUsdPerMwh, 2),
      fixed(outcome.hashpriceUsdPerThDay, 6),
      fixed(outcome.miningUsd, 2),
      fixed(outcome.btcMined, 8),
      fixed(outcome.gpuUsd, 2),
      fixed(outcome.exportUsd, 2),
      fixed(outcome.energyCostUsd, 2),
      fixed(outcome.batteryCostUsd, 2),
      fixed(outcome.demandChargeUsd, 2),
      fixed(outcome.netUsd, 2),
    ];
    file.csvBuffer += `${row.join(',')}\n`;
    const record: Record<string, unknown> = { site: siteId, strategy };
    COLUMNS.forEach((column, i) => {
      record[column] = i === 0 ? row[0] : Number(row[i]);
    });
    if (explanation) record.explanation = explanation;
    file.jsonBuffer += `${JSON.stringify(record)}\n`;
    if (file.csvBuffer.length > FLUSH_BYTES) file.csvBuffer = flush(file.csv, file.csvBuffer);
    if (file.jsonBuffer.length > FLUSH_BYTES) file.jsonBuffer = flush(file.jsonl, file.jsonBuffer);
  }

  close(): void {
    for (const file of this.files.values()) {
      flush(file.csv, file.csvBuffer);
      flush(file.jsonl, file.jsonBuffer);
      closeSync(file.csv);
      closeSync(file.jsonl);
    }
    this.files.clear();
  }

  private open(strategy: string, siteId: string) {
    const key = `${strategy}/${siteId}`;
    let file = this.files.get(key);
    if (!file) {
      const folder = join(this.dir, strategy);
      mkdirSync(folder, { recursive: true });
      file = {
        csv: openSync(join(folder, `${siteId}.csv`), 'w'),
        jsonl: openSync(join(folder, `${siteId}.jsonl`), 'w'),
        csvBuffer: `${COLUMNS.join(',')}\n`,
        jsonBuffer: '',
      };
      this.files.set(key, file);
    }
    return file;
  }
}

function flush(fd: number, buffer: string): string {
  if (buffer.length > 0) writeSync(fd, buffer);
  return '';
}

function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : text;
}
