import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  truncate,
  unlink,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { TelemetryBatch } from '../core/ports/storage.ts';
import { type AgentLog, consoleAgentLog } from './agent-log.ts';

export interface TelemetryBufferOptions {
  /** Directory of the queue (created if missing); one agent per directory. */
  readonly dir: string;
  /**
   * Most bytes kept on disk. An append that goes over it drops the oldest segments (logged at
   * error with how many batches were lost). Default 512 MiB: about a day of a 6,000-miner site.
   */
  readonly maxBytes?: number;
  /** Size at which a new segment file is started. Default min(8 MiB, maxBytes / 8). */
  readonly segmentBytes?: number;
  readonly log?: AgentLog;
}

/** A batch waiting in the queue, with its position. */
export interface BufferedBatch {
  /** Position in the queue: 1, 2, 3, ... with no gaps, kept across restarts. */
  readonly seq: number;
  readonly batch: TelemetryBatch;
}

interface Segment {
  readonly firstSeq: number;
  readonly file: string;
  bytes: number;
}

const SEGMENT_FILE = /^seg-(\d{16})\.jsonl$/;
const ACKED_FILE = 'acked';

/**
 * An append-only queue of telemetry batches on disk, so that batches survive a broker outage and
 * an agent restart and are delivered in order with no gap:
 *
 * - `seg-<first seq>.jsonl` files hold one `{"seq":n,"batch":{...}}` line per batch; every append
 *   is fsync'd before it resolves; a new segment starts once the current one reaches `segmentBytes`;
 * - `acked` holds the last seq delivered (replaced atomically: temp file, fsync, rename); a
 *   segment is deleted once all of its batches are delivered;
 * - the consumer calls peek() for the oldest batch and remove(seq) only after its publish
 *   resolved. A crash between the two re-sends that batch after the restart; the server stores a
 *   batch id once, so that is a duplicate on the wire and never in the data;
 * - a line torn by a crash at the end of the last segment is cut off when the queue is opened.
 *
 * Operations are serialised; one process per directory.
 */
export class TelemetryBuffer {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #segmentBytes: number;
  readonly #log: AgentLog;
  readonly #segments: Segment[];
  #acked: number;
  #nextSeq: number;
  #active: FileHandle | undefined;
  /** Undelivered batches of the first segment, oldest first, once it was read. */
  #head: { firstSeq: number; entries: BufferedBatch[] } | undefined;
  #lock: Promise<unknown> = Promise.resolve();
  #closed = false;
  #droppedTotal = 0;

  private constructor(
    options: TelemetryBufferOptions,
    segments: Segment[],
    acked: number,
    nextSeq: number,
    maxBytes: number,
  ) {
    this.#dir = options.dir;
    this.#maxBytes = maxBytes;
    this.#segmentBytes = Math.max(
      1,
      options.segmentBytes ?? Math.min(8 * 1024 * 1024, Math.floor(maxBytes / 8)),
    );
    this.#log = options.log ?? consoleAgentLog;
    this.#segments = segments;
    this.#acked = acked;
    this.#nextSeq = nextSeq;
  }

  /** Opens (or creates) the queue in `options.dir`, repairing a torn last line. */
  static async open(options: TelemetryBufferOptions): Promise<TelemetryBuffer> {
    const log = options.log ?? consoleAgentLog;
    const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    await mkdir(options.dir, { recursive: true });
    const acked = await readAcked(options.dir);
    const names = (await readdir(options.dir)).filter((name) => SEGMENT_FILE.test(name)).sort();
    const segments: Segment[] = [];
    for (const name of names) {
      const file = join(options.dir, name);
      segments.push({ firstSeq: Number(SEGMENT_FILE.exec(name)![1]), file, bytes: (await stat(file)).size });
    }
    let nextSeq = acked + 1;
    const last = segments.at(-1);
    if (last !== undefined) {
      const { entries, goodBytes } = parseSegment(await readFile(last.file), last.file, log);
      if (goodBytes < last.bytes) {
        log.warn(
          { file: last.file, cutBytes: last.bytes - goodBytes },
          'telemetry buffer: cut a torn line off the last segment (the agent stopped mid-write)',
        );
        await truncate(last.file, goodBytes);
        last.bytes = goodBytes;
      }
      nextSeq = Math.max(nextSeq, entries.length > 0 ? entries.at(-1)!.seq + 1 : last.firstSeq);
    }
    const buffer = new TelemetryBuffer(options, segments, acked, nextSeq, maxBytes);
    await buffer.#dropDelivered();
    return buffer;
  }

  /** Batches not delivered yet. */
  get pending(): number {
    return this.#nextSeq - 1 - this.#acked;
  }

  /** Bytes on disk. */
  get bytes(): number {
    return this.#segments.reduce((sum, segment) => sum + segment.bytes, 0);
  }

  /** Batches dropped since the queue was opened because the size limit was reached. */
  get dropped(): number {
    return this.#droppedTotal;
  }

  /** Appends a batch and fsyncs it; resolves with its seq (0 when it alone is bigger than the limit and was dropped). */
  append(batch: TelemetryBatch): Promise<number> {
    return this.#serial(async () => {
      const seq = this.#nextSeq;
      const line = `${JSON.stringify({ seq, batch })}\n`;
      const bytes = Buffer.byteLength(line);
      if (bytes > this.#maxBytes) {
        this.#log.error(
          { dir: this.#dir, batchId: batch.batchId, bytes, maxBytes: this.#maxBytes },
          'telemetry buffer: a batch is bigger than the whole buffer; it was dropped',
        );
        this.#droppedTotal++;
        return 0;
      }
      let last = this.#segments.at(-1);
      if (last === undefined || last.bytes >= this.#segmentBytes) {
        await this.#active?.close();
        this.#active = undefined;
        last = { firstSeq: seq, file: join(this.#dir, segmentName(seq)), bytes: 0 };
        this.#active = await open(last.file, 'a');
        this.#segments.push(last);
        await syncDir(this.#dir);
      }
      this.#active ??= await open(last.file, 'a');
      await this.#active.write(line);
      await this.#active.sync();
      last.bytes += bytes;
      this.#nextSeq = seq + 1;
      if (this.#head !== undefined && this.#head.firstSeq === last.firstSeq)
        this.#head.entries.push({ seq, batch });
      await this.#enforceLimit();
      return seq;
    });
  }

  /** The oldest batch not delivered yet, or undefined when the queue is empty. */
  peek(): Promise<BufferedBatch | undefined> {
    return this.#serial(async () => {
      for (;;) {
        const first = this.#head?.entries[0];
        if (first !== undefined) return first;
        const segment = this.#segments[0];
        if (segment === undefined) return undefined;
        if (this.#head?.firstSeq !== segment.firstSeq) {
          const { entries } = parseSegment(await readFile(segment.file), segment.file, this.#log);
          this.#head = {
            firstSeq: segment.firstSeq,
            entries: entries.filter((entry) => entry.seq > this.#acked),
          };
          if (this.#head.entries.length > 0) continue;
        }
        // Every batch of the head segment is delivered (or unreadable): move past it.
        if (this.#segments.length === 1) return undefined;
        this.#acked = Math.max(this.#acked, this.#lastSeqOf(0));
        await this.#writeAcked();
        await this.#dropDelivered();
      }
    });
  }

  /** Marks every batch up to `seq` delivered (call after its publish resolved) and frees what it can. */
  remove(seq: number): Promise<void> {
    return this.#serial(async () => {
      if (seq <= this.#acked) return;
      this.#acked = Math.min(seq, this.#nextSeq - 1);
      await this.#writeAcked();
      if (this.#head !== undefined) {
        this.#head.entries = this.#head.entries.filter((entry) => entry.seq > this.#acked);
      }
      await this.#dropDelivered();
    });
  }

  /** Closes the open segment; later calls reject. */
  close(): Promise<void> {
    return this.#serial(async () => {
      this.#closed = true;
      await this.#active?.close();
      this.#active = undefined;
    }, true);
  }

  #serial<T>(work: () => Promise<T>, evenIfClosed = false): Promise<T> {
    const run = this.#lock.then(() => {
      if (this.#closed && !evenIfClosed) throw new Error(`telemetry buffer ${this.#dir} is closed`);
      return work();
    });
    this.#lock = run.catch(() => {});
    return run;
  }

  /** Last seq stored in segment `index`. */
  #lastSeqOf(index: number): number {
    const next = this.#segments[index + 1];
    return next === undefined ? this.#nextSeq - 1 : next.firstSeq - 1;
  }

  /** Deletes leading segments whose batches are all delivered. */
  async #dropDelivered(): Promise<void> {
    while (this.#segments.length > 0 && this.#lastSeqOf(0) <= this.#acked) await this.#deleteFirst();
  }

  async #deleteFirst(): Promise<void> {
    const segment = this.#segments.shift();
    if (segment === undefined) return;
    if (this.#segments.length === 0) {
      await this.#active?.close();
      this.#active = undefined;
    }
    if (this.#head?.firstSeq === segment.firstSeq) this.#head = undefined;
    await unlink(segment.file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async #enforceLimit(): Promise<void> {
    let dropped = 0;
    let segments = 0;
    const fromSeq = this.#acked + 1;
    while (this.bytes > this.#maxBytes && this.#segments.length > 1) {
      const first = Math.max(this.#segments[0]!.firstSeq, this.#acked + 1);
      const last = this.#lastSeqOf(0);
      dropped += Math.max(0, last - first + 1);
      segments++;
      this.#acked = Math.max(this.#acked, last);
      await this.#deleteFirst();
    }
    if (segments > 0) {
      await this.#writeAcked();
      this.#droppedTotal += dropped;
      this.#log.error(
        {
          dir: this.#dir,
          maxBytes: this.#maxBytes,
          dropped,
          fromSeq,
          toSeq: this.#acked,
          droppedSinceStart: this.#droppedTotal,
        },
        `telemetry buffer over its limit of ${this.#maxBytes} bytes: dropped the ${dropped} oldest undelivered batches`,
      );
    }
  }

  async #writeAcked(): Promise<void> {
    const target = join(this.#dir, ACKED_FILE);
    const temp = `${target}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(`${this.#acked}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    await syncDir(this.#dir);
  }
}

function segmentName(seq: number): string {
  return `seg-${String(seq).padStart(16, '0')}.jsonl`;
}

async function readAcked(dir: string): Promise<number> {
  try {
    const value = Number((await readFile(join(dir, ACKED_FILE), 'utf8')).trim());
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * The complete lines of a segment; `goodBytes` ends after the last newline. An unparseable line is
 * skipped and logged.
 */
function parseSegment(
  content: Buffer,
  file: string,
  log: AgentLog,
): { entries: BufferedBatch[]; goodBytes: number } {
  const entries: BufferedBatch[] = [];
  let start = 0;
  for (;;) {
    const end = content.indexOf(0x0a, start);
    if (end === -1) break;
    const text = content.subarray(start, end).toString('utf8');
    try {
      const parsed = JSON.parse(text) as Partial<BufferedBatch>;
      if (typeof parsed.seq !== 'number' || typeof parsed.batch !== 'object' || parsed.batch === null) {
        throw new Error('not a buffered batch');
      }
      entries.push({ seq: parsed.seq, batch: parsed.batch });
    } catch (error) {
      log.warn({ file, offset: start, err: error }, 'telemetry buffer: skipped an unreadable line');
    }
    start = end + 1;
  }
  // What follows the last newline is a torn write; an unreadable complete line stays (and is skipped).
  return { entries, goodBytes: content.lastIndexOf(0x0a) + 1 };
}

/** Makes a file's creation, rename or removal durable (best effort where directories cannot be opened). */
async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
