import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../http-transport.ts';
import { jsonReply, runMarketFeedContract } from '../market-feed.contract.ts';
import { BitcoinCoreFeed } from './bitcoin-core-feed.ts';

// Bitcoin Core replies from ../shared/fixtures/feeds/bitcoin-core (see its README): the documented
// getblockchaininfo result (0.14.1 mainnet, height 464562), getblockstats of regtest block 103
// (bitcoin/bitcoin functional-test data) and the documented error envelope. The results are wrapped
// in the documented JSON-RPC envelope {result, error: null, id}.
const FIXTURES = join(process.env.SWITCHYARD_FIXTURES_DIR ?? '../shared/fixtures', 'feeds/bitcoin-core');
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const chainInfo = fixture('getblockchaininfo_result_v0.14.1_mainnet.json');
const blockStats = fixture('getblockstats_regtest_height-103.json');
const rpcError = fixture('getblockhash_-1_error_http-response.json');
const NOW = Date.parse('2017-05-02T21:00:00Z');
const DAY = Date.parse('2017-05-02T00:00:00Z');

function node(request: HttpRequest, reverse = false) {
  const batch = JSON.parse(request.body ?? '[]') as { id: number; method: string; params: unknown[] }[];
  const replies = batch.map((call) => ({
    result:
      call.method === 'getblockchaininfo' ? chainInfo : { ...blockStats, height: call.params[0] as number },
    error: null,
    id: call.id,
  }));
  return jsonReply(reverse ? replies.reverse() : replies);
}

const options = { url: 'http://127.0.0.1:8332/', user: 'switchyard', password: 'rpc-secret', feeBlocks: 3 };

runMarketFeedContract('Bitcoin Core JSON-RPC', {
  create: (transport) => new BitcoinCoreFeed(options, transport),
  nowMs: NOW,
  reply: (request) => node(request),
  outOfOrderReply: (request) => node(request, true),
  expected: [
    { key: 'btc:height', atMs: NOW, value: 464_562 },
    { key: 'btc:difficulty', atMs: DAY, value: 521_974_519_553.6282 },
    { key: 'btc:feesBtc', atMs: DAY, value: (3 * 56_860) / 1e8 },
    { key: 'btc:subsidyBtc', atMs: DAY, value: 37.5 },
    { key: 'btc:blockCount', atMs: DAY, value: 3 },
  ],
});

describe('BitcoinCoreFeed', () => {
  it('asks getblockchaininfo, then one batch of getblockstats for the last 144 blocks, with Basic auth', async () => {
    const seen: HttpRequest[] = [];
    const feed = new BitcoinCoreFeed({ ...options, feeBlocks: undefined }, async (request) => {
      seen.push(request);
      return node(request);
    });
    const readings = await feed.poll(NOW, new AbortController().signal);
    expect(seen).toHaveLength(2);
    const stats = JSON.parse(seen[1]!.body!);
    expect(stats).toHaveLength(144);
    expect(stats[0]).toMatchObject({ method: 'getblockstats', params: [464_562, ['totalfee', 'height']] });
    expect(stats[143].params[0]).toBe(464_562 - 143);
    expect(seen[0]!.headers?.Authorization).toBe(
      `Basic ${Buffer.from('switchyard:rpc-secret').toString('base64')}`,
    );
    expect(readings.find((r) => r.series.key === 'btc:blockCount')?.points[0]?.value).toBe(144);
  });

  it('turns an RPC error envelope (HTTP 500) into SY_ERR_FEED_REPLY_INVALID with its message', async () => {
    const feed = new BitcoinCoreFeed(options, async () => ({ ...jsonReply(rpcError), status: 500 }));
    await expect(feed.poll(NOW, new AbortController().signal)).rejects.toMatchObject({
      code: 'SY_ERR_FEED_REPLY_INVALID',
      message: expect.stringContaining('RPC error -8: Block height out of range'),
    });
  });

  it('refuses a batch with an answer missing', async () => {
    const feed = new BitcoinCoreFeed(options, async (request) => {
      const reply = JSON.parse(new TextDecoder().decode(node(request).bytes));
      return jsonReply(reply.length > 1 ? reply.slice(1) : reply);
    });
    await expect(feed.poll(NOW, new AbortController().signal)).rejects.toThrow(/no answer to call 1/);
  });
});
