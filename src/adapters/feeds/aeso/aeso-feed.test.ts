import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../http-transport.ts';
import { jsonReply, runMarketFeedContract } from '../market-feed.contract.ts';
import { AesoFeed } from './aeso-feed.ts';

// Real AESO replies recorded in ../shared/fixtures/feeds/aeso (go-aeso-client @ a8251879, live
// captures of 2024-04-19 and 2024-04-17; see that folder's README): string values, UTC and MPT times.
const FIXTURES = join(process.env.SWITCHYARD_FIXTURES_DIR ?? '../shared/fixtures', 'feeds/aeso');
const poolText = readFileSync(join(FIXTURES, 'price_poolPrice_v1.1.json'), 'utf8');
const smpText = readFileSync(join(FIXTURES, 'price_systemMarginalPrice_v1.1.json'), 'utf8');
const NOW = Date.parse('2024-04-19T03:29:58Z');

const replies = (request: HttpRequest, reorder = false) => {
  const body = JSON.parse(request.url.includes('/poolPrice') ? poolText : smpText);
  if (reorder) for (const rows of Object.values(body.return)) (rows as unknown[]).reverse();
  return jsonReply(body);
};

runMarketFeedContract('AESO pool price + SMP', {
  create: (transport) => new AesoFeed({ apiKey: 'k' }, transport),
  nowMs: NOW,
  reply: (request) => replies(request),
  outOfOrderReply: (request) => replies(request, true),
  emptyReply: (request) =>
    jsonReply({
      timestamp: '2024-04-19 03:29:58.480+0000',
      responseCode: '200',
      return: {
        [request.url.includes('/poolPrice') ? 'Pool Price Report' : 'System Marginal Price Report']: [],
      },
    }),
  expected: [
    { key: 'power:aeso_pool_price', atMs: Date.parse('2024-04-14T06:00:00Z'), value: 28.89 },
    { key: 'power:aeso_pool_price', atMs: Date.parse('2024-04-14T07:00:00Z'), value: 32.81 },
    { key: 'power:aeso_pool_price_forecast', atMs: Date.parse('2024-04-14T07:00:00Z'), value: 31.35 },
    { key: 'power:aeso_smp', atMs: Date.parse('2024-04-16T05:33:00Z'), value: 30.41 },
  ],
});

describe('AesoFeed', () => {
  it('sends the API key in the gateway header and asks from yesterday to tomorrow', async () => {
    const seen: HttpRequest[] = [];
    const feed = new AesoFeed(
      { apiKey: 'secret-key', keyHeader: 'X-API-Key', baseUrl: 'https://api.aeso.ca/report/v1.1' },
      async (r) => {
        seen.push(r);
        return replies(r);
      },
    );
    await feed.poll(NOW, new AbortController().signal);
    expect(seen[0]!.url).toBe(
      'https://api.aeso.ca/report/v1.1/price/poolPrice?startDate=2024-04-18&endDate=2024-04-20',
    );
    expect(seen[0]!.headers).toMatchObject({ 'X-API-Key': 'secret-key' });
  });

  it('keeps the current hour out until its pool price is published (empty string)', async () => {
    const body = JSON.parse(poolText);
    body.return['Pool Price Report'][1].pool_price = '';
    const feed = new AesoFeed({ apiKey: 'k' }, async (r) =>
      r.url.includes('/poolPrice') ? jsonReply(body) : replies(r),
    );
    const [pool] = await feed.poll(NOW, new AbortController().signal);
    expect(pool!.points.map((p) => p.value)).toEqual([28.89]);
    expect(pool!.points[0]!.knownAtMs).toBe(Date.parse('2024-04-14T07:00:00Z'));
  });

  it('reads the current gateway bare report (no envelope), and refuses a non-200 responseCode', async () => {
    const bare = { 'Pool Price Report': JSON.parse(poolText).return['Pool Price Report'] };
    const feed = new AesoFeed({ apiKey: 'k' }, async (r) =>
      r.url.includes('/poolPrice') ? jsonReply(bare) : replies(r),
    );
    expect((await feed.poll(NOW, new AbortController().signal))[0]!.points).toHaveLength(2);
    const failing = new AesoFeed({ apiKey: 'k' }, async () => jsonReply({ responseCode: '500', return: {} }));
    await expect(failing.poll(NOW, new AbortController().signal)).rejects.toMatchObject({
      code: 'SY_ERR_FEED_REPLY_INVALID',
    });
  });

  it('refuses a pool price that is not a number, naming the row', async () => {
    const body = JSON.parse(poolText);
    body.return['Pool Price Report'][0].pool_price = 'n/a';
    const feed = new AesoFeed({ apiKey: 'k' }, async () => jsonReply(body));
    await expect(feed.poll(NOW, new AbortController().signal)).rejects.toThrow(
      /Pool Price Report\[0\]\.pool_price/,
    );
  });
});
