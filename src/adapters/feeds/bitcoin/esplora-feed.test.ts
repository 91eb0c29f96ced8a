import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../http-transport.ts';
import { jsonReply, runMarketFeedContract } from '../market-feed.contract.ts';
import { EsploraFeed } from './esplora-feed.ts';

// mempool.space's documented replies in ../shared/fixtures/feeds/mempool (see its README): the tip
// height (a bare number served as text/plain) and a /api/v1/blocks/:height block with extras. Pages
// are built from that block, one per height, newest first, 15 a page as mempool serves them.
const FIXTURES = join(process.env.SWITCHYARD_FIXTURES_DIR ?? '../shared/fixtures', 'feeds/mempool');
const tipText = readFileSync(join(FIXTURES, 'api_blocks_tip_height.json'), 'utf8');
const [block] = JSON.parse(readFileSync(join(FIXTURES, 'api_v1_blocks_730000.json'), 'utf8'));
const TIP = Number(tipText);
const NOW = Date.parse('2021-08-30T12:00:00Z');
const DAY = Date.parse('2021-08-30T00:00:00Z');

function mempool(request: HttpRequest, reverse = false) {
  if (request.url.endsWith('/blocks/tip/height'))
    return { status: 200, bytes: new TextEncoder().encode(tipText) };
  const from = Number(/\/v1\/blocks\/(\d+)$/.exec(request.url)?.[1]);
  const page = Array.from({ length: 15 }, (_, i) => ({ ...block, height: from - i }));
  return jsonReply(reverse ? page.reverse() : page);
}

runMarketFeedContract('Esplora / mempool.space REST', {
  create: (transport) => new EsploraFeed({ baseUrl: 'https://mempool.space/api' }, transport),
  nowMs: NOW,
  reply: (request) => mempool(request),
  outOfOrderReply: (request) => mempool(request, true),
  expected: [
    { key: 'btc:height', atMs: NOW, value: TIP },
    { key: 'btc:difficulty', atMs: DAY, value: 28_587_155_782_195.1 },
    { key: 'btc:feesBtc', atMs: DAY, value: (144 * 16_321_983) / 1e8 },
    { key: 'btc:blockCount', atMs: DAY, value: 144 },
    { key: 'btc:subsidyBtc', atMs: DAY, value: 144 * 6.25 },
  ],
});

describe('EsploraFeed', () => {
  it('pages back 15 blocks at a time until it has the last 144', async () => {
    const urls: string[] = [];
    const feed = new EsploraFeed({ baseUrl: 'https://mempool.space/api/' }, async (request) => {
      urls.push(request.url);
      return mempool(request);
    });
    await feed.poll(NOW, new AbortController().signal);
    expect(urls[0]).toBe('https://mempool.space/api/blocks/tip/height');
    expect(urls[1]).toBe(`https://mempool.space/api/v1/blocks/${TIP}`);
    expect(urls[2]).toBe(`https://mempool.space/api/v1/blocks/${TIP - 15}`);
    expect(urls).toHaveLength(1 + 10);
  });

  it('refuses a block without extras.totalFees (plain Esplora has no fees)', async () => {
    const { extras: _extras, ...plain } = block;
    const feed = new EsploraFeed({ baseUrl: 'https://blockstream.info/api' }, async (request) =>
      request.url.endsWith('/tip/height') ? mempool(request) : jsonReply([{ ...plain, height: TIP }]),
    );
    await expect(feed.poll(NOW, new AbortController().signal)).rejects.toThrow(/extras is not an object/);
  });
});
