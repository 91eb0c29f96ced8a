import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { FeedReading, MarketFeed } from '../../core/ports/market-feed.ts';
import type { HttpReply, HttpRequest, HttpTransport } from './http-transport.ts';

/** What the contract needs from one feed implementation and its provider's replies. */
export interface MarketFeedContractCase {
  create(transport: HttpTransport): MarketFeed;
  /** The poll's instant (after the replies' data). */
  readonly nowMs: number;
  /** Replies in the provider's published format, per request (the recorded fixtures where there are). */
  reply(request: HttpRequest): HttpReply;
  /** The same data with rows in another order. */
  outOfOrderReply(request: HttpRequest): HttpReply;
  /** A well-formed reply carrying no data; absent for providers whose reply always carries a value. */
  emptyReply?(request: HttpRequest): HttpReply;
  /** Points the good reply must yield. */
  readonly expected: ReadonlyArray<{ key: string; atMs: number; value: number }>;
}

/** JSON body helper for cases. */
export function jsonReply(body: unknown, status = 200): HttpReply {
  return { status, bytes: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)) };
}

async function failure(promise: Promise<unknown>): Promise<SwitchyardError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchyardError);
    return error as SwitchyardError;
  }
  throw new Error('expected the poll to fail');
}

const poll = (feed: MarketFeed, nowMs: number, signal = new AbortController().signal) =>
  feed.poll(nowMs, signal);

/** Runs the behaviours every MarketFeed must have, as a vitest `describe`. */
export function runMarketFeedContract(name: string, c: MarketFeedContractCase): void {
  const scripted =
    (answer: (request: HttpRequest) => HttpReply): HttpTransport =>
    async (request) =>
      answer(request);

  describe(`MarketFeed contract: ${name}`, () => {
    it('reads the published format into points on their series grid, sorted, known by now', async () => {
      const feed = c.create(scripted(c.reply));
      expect(feed.id).toMatch(/^[a-z0-9-]+$/);
      const readings = await poll(feed, c.nowMs);
      for (const reading of readings) {
        expect(reading.series.resolutionMs).toBeGreaterThan(0);
        expect(reading.series.unit).not.toBe('');
        const starts = reading.points.map((p) => p.atMs);
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
        expect(new Set(starts).size).toBe(starts.length);
        for (const point of reading.points) {
          expect(Number.isFinite(point.value)).toBe(true);
          expect(point.knownAtMs).toBeLessThanOrEqual(c.nowMs);
          expect(point.atMs % reading.series.resolutionMs).toBe(0);
        }
      }
      for (const want of c.expected) {
        const point = pointOf(readings, want.key, want.atMs);
        expect(point, `${want.key} at ${new Date(want.atMs).toISOString()}`).toBeDefined();
        expect(point?.value).toBeCloseTo(want.value, 9);
      }
    });

    it('reads rows given out of order into the same points', async () => {
      const inOrder = await poll(c.create(scripted(c.reply)), c.nowMs);
      const shuffled = await poll(c.create(scripted(c.outOfOrderReply)), c.nowMs);
      expect(shuffled).toEqual(inOrder);
    });

    it.runIf(c.emptyReply !== undefined)('answers an empty reply with no points', async () => {
      const readings = await poll(c.create(scripted(c.emptyReply!)), c.nowMs);
      expect(readings.reduce((sum, r) => sum + r.points.length, 0)).toBe(0);
    });

    it('refuses a reply that is not JSON with SY_ERR_FEED_REPLY_INVALID', async () => {
      const error = await failure(
        poll(c.create(scripted(() => jsonReply('<html>maintenance</html>'))), c.nowMs),
      );
      expect(['SY_ERR_FEED_REPLY_INVALID', 'SY_ERR_FEED_UNAVAILABLE']).toContain(error.code);
      expect(error.message).toContain(c.create(scripted(c.reply)).id);
    });

    it('refuses JSON of another shape with SY_ERR_FEED_REPLY_INVALID', async () => {
      const error = await failure(poll(c.create(scripted(() => jsonReply({ unexpected: [1, 2] }))), c.nowMs));
      expect(['SY_ERR_FEED_REPLY_INVALID', 'SY_ERR_FEED_UNAVAILABLE']).toContain(error.code);
    });

    it('reports an HTTP error status as SY_ERR_FEED_UNAVAILABLE', async () => {
      const error = await failure(
        poll(c.create(scripted(() => jsonReply({ message: 'busy' }, 503))), c.nowMs),
      );
      expect(error.code).toBe('SY_ERR_FEED_UNAVAILABLE');
    });

    it('gives up on a late reply when the poll is aborted (its timeout), as SY_ERR_FEED_UNAVAILABLE', async () => {
      const late: HttpTransport = (request) =>
        new Promise((_, reject) => {
          request.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        });
      const abort = new AbortController();
      const pending = poll(c.create(late), c.nowMs, abort.signal);
      abort.abort();
      expect((await failure(pending)).code).toBe('SY_ERR_FEED_UNAVAILABLE');
    });

    it('reports a refused connection as SY_ERR_FEED_UNAVAILABLE without the query string', async () => {
      const refused: HttpTransport = async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      };
      const error = await failure(poll(c.create(refused), c.nowMs));
      expect(error.code).toBe('SY_ERR_FEED_UNAVAILABLE');
      expect(error.message).not.toMatch(/[?&](password|key|apikey|api_key)=/i);
    });
  });
}

function pointOf(readings: readonly FeedReading[], key: string, atMs: number) {
  return readings.find((r) => r.series.key === key)?.points.find((p) => p.atMs === atMs);
}
