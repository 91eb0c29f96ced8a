import { describe, expect, it } from 'vitest';
import { AntpoolEarnings, parseAntpoolPpsHistory } from '../../src/adapters/pools/antpool.ts';
import {
  BraiinsPoolEarnings,
  parseBraiinsRewards,
  parseBraiinsYesterdayHashrate,
} from '../../src/adapters/pools/braiins-pool.ts';
import { parseF2PoolBalance } from '../../src/adapters/pools/f2pool.ts';
import { parseOceanStatsnap } from '../../src/adapters/pools/ocean-pool.ts';
import type { PoolHttpRequest } from '../../src/adapters/pools/pool-http.ts';
import { errorEnvelopeMessage } from '../../src/adapters/pools/pool-http.ts';
import { SwitchyardError } from '../../src/core/errors/index.ts';
import { poolFixture } from './fixtures-dir.ts';

// Real replies from ../shared/fixtures/pools (sources and kinds in its README.md).

function caught(run: () => unknown): SwitchyardError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchyardError);
    return error as SwitchyardError;
  }
  throw new Error('expected an error');
}

describe('Braiins Pool rewards (live captures, github.com/kimakicz/trmnl-braiins-pool and afaqueadmin/BitFactory)', () => {
  it('reads 14 closed UTC days of a ~1 TH/s account, newest-first on the wire, as exact satoshis', async () => {
    const body = poolFixture('braiins/accounts_rewards_json_btc__capture1.json');
    const credits = parseBraiinsRewards(body, 'demo');
    expect(credits).toHaveLength(14);
    expect(credits[0]).toEqual({ account: 'demo', date: '2026-09-25', creditedSats: 53n });
    expect(credits.at(-1)).toEqual({ account: 'demo', date: '2026-09-12', creditedSats: 55n });
    expect(credits.reduce((sum, c) => sum + c.creditedSats, 0n)).toBe(762n);
    const seen: PoolHttpRequest[] = [];
    const pool = new BraiinsPoolEarnings({
      token: 'abc',
      baseUrl: 'http://twin:1',
      http: async (request) => {
        seen.push(request);
        return { status: 200, body };
      },
    });
    const report = await pool.dailyCredits({
      account: 'demo',
      fromDate: '2026-09-20',
      toDate: '2026-09-22',
      nowMs: Date.UTC(2026, 8, 26),
    });
    expect(report.credits.map((c) => [c.date, c.creditedSats])).toEqual([
      ['2026-09-20', 54n],
      ['2026-09-21', 53n],
      ['2026-09-22', 53n],
    ]);
    expect(seen[0]).toMatchObject({
      method: 'GET',
      url: 'http://twin:1/accounts/rewards/json/btc?from=2026-09-20&to=2026-09-22',
      headers: { 'Pool-Auth-Token': 'abc' },
    });
  });

  it("attaches the pool's hashrate of yesterday (profile, live capture) to yesterday's credit; a malformed profile refuses the poll", async () => {
    const rewards = poolFixture('braiins/accounts_rewards_json_btc__capture1.json');
    const profile = poolFixture('braiins/accounts_profile_json_btc__capture2.json');
    // 467 130.874... Gh/s.
    expect(parseBraiinsYesterdayHashrate(profile)).toBe(467_130_874_679_496n);
    const http = (profileBody: string) => async (request: PoolHttpRequest) => ({
      status: 200,
      body: request.url.includes('/accounts/profile/') ? profileBody : rewards,
    });
    const query = {
      account: 'demo',
      fromDate: '2026-09-23',
      toDate: '2026-09-25',
      nowMs: Date.UTC(2026, 8, 26, 6),
    };
    const report = await new BraiinsPoolEarnings({
      token: 't',
      http: http(profile),
      readPoolHashrate: true,
    }).dailyCredits(query);
    expect(report.credits.map((c) => [c.date, c.poolHashrateHs])).toEqual([
      ['2026-09-23', undefined],
      ['2026-09-24', undefined],
      ['2026-09-25', 467_130_874_679_496n],
    ]);
    const broken = JSON.stringify({ btc: { hash_rate_unit: 'furlongs', hash_rate_yesterday: 1 } });
    await expect(
      new BraiinsPoolEarnings({ token: 't', http: http(broken), readPoolHashrate: true }).dailyCredits(query),
    ).rejects.toMatchObject({
      code: 'SY_ERR_POOL_REPLY_MALFORMED',
      message: expect.stringContaining('hash_rate_unit'),
    });
  });

  it('refuses a day stamp that is not a UTC midnight and a day listed twice', async () => {
    const reply = JSON.parse(poolFixture('braiins/accounts_rewards_json_btc__capture2.json'));
    reply.btc.daily_rewards[0].date += 3600;
    const error = caught(() => parseBraiinsRewards(JSON.stringify(reply), 'a'));
    expect(error.code).toBe('SY_ERR_POOL_REPLY_MALFORMED');
    expect(error.message).toContain('btc.daily_rewards[0].date');
    const twice = JSON.parse(poolFixture('braiins/accounts_rewards_json_btc__capture2.json'));
    twice.btc.daily_rewards.push(twice.btc.daily_rewards[0]);
    const pool = new BraiinsPoolEarnings({
      token: 't',
      http: async () => ({ status: 200, body: JSON.stringify(twice) }),
    });
    const duplicate = await pool
      .dailyCredits({ account: 'a', fromDate: '2026-04-01', toDate: '2026-04-05', nowMs: 0 })
      .catch((e: SwitchyardError) => e);
    expect((duplicate as SwitchyardError).code).toBe('SY_ERR_POOL_REPLY_MALFORMED');
    expect((duplicate as SwitchyardError).message).toContain('2026-04-03 twice');
  });
});

describe('F2Pool v2 assets/balance (live, github.com/B1ackt34/MinerKeeper)', () => {
  it('credits yesterday_income to the UTC day before the poll, and reads balance as unpaid', () => {
    const body = poolFixture('f2pool/v2_assets_balance_nexa.json');
    // Just after midnight UTC the previous day is the one credited.
    const parsed = parseF2PoolBalance(body, 'acct', Date.UTC(2026, 0, 1, 0, 5));
    expect(parsed.yesterday).toEqual({ account: 'acct', date: '2025-12-31', creditedSats: 0n });
    expect(parsed.balance.unpaidSats).toBe(0n);
  });

  it('rounds coin-unit doubles to the nearest satoshi (the legacy v1 doc example has 16 decimals)', () => {
    const legacy = JSON.parse(poolFixture('f2pool/v1_legacy_bitcoin_user_doc_example.json'));
    const body = JSON.stringify({
      balance_info: { balance: legacy.balance, yesterday_income: 0.06168494, paid: legacy.paid },
    });
    const parsed = parseF2PoolBalance(body, 'acct', Date.UTC(2026, 0, 2));
    expect(parsed.yesterday.creditedSats).toBe(6_168_494n);
    expect(parsed.balance.unpaidSats).toBe(BigInt(Math.round(legacy.balance * 1e8)));
  });

  it('quotes a {code, msg} error', () => {
    const error = caught(() => parseF2PoolBalance('{"code":401,"msg":"invalid token"}', 'a', 0));
    expect(error.code).toBe('SY_ERR_POOL_REJECTED');
    expect(error.message).toContain('invalid token');
  });
});

describe("Antpool Operator API paymentHistory (Antpool's documented examples)", () => {
  it('reads the pps rows (amount as a string) and the page count', () => {
    const parsed = parseAntpoolPpsHistory(
      poolFixture('antpool/operator_paymentHistory_pps_doc_example.json'),
      's',
    );
    expect(parsed).toEqual({
      credits: [{ account: 's', date: '2015-01-01', creditedSats: 1_000_000n }],
      totalPages: 1,
    });
  });

  it('signs each request and follows the pages', async () => {
    const page = (n: number, day: string) =>
      JSON.stringify({
        code: '000000',
        message: 'ok',
        data: { rows: [{ timestamp: `${day} 00:00:00`, amount: '0.00012345' }], page: n, totalPage: 2 },
      });
    const seen: PoolHttpRequest[] = [];
    const pool = new AntpoolEarnings({
      userId: 'user',
      key: 'key',
      secret: 'secret',
      nonce: () => 42,
      http: async (request) => {
        seen.push(request);
        return { status: 200, body: page(seen.length, seen.length === 1 ? '2025-09-02' : '2025-09-01') };
      },
    });
    const report = await pool.dailyCredits({
      account: 'sub',
      fromDate: '2025-09-01',
      toDate: '2025-09-30',
      nowMs: 0,
    });
    expect(report.credits.map((c) => c.date)).toEqual(['2025-09-01', '2025-09-02']);
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get('userId')).toBe('sub');
    expect(form.get('type')).toBe('pps');
    // HMAC-SHA256("secret", "user" + "key" + "42"), upper-case hex.
    expect(form.get('signature')).toMatch(/^[0-9A-F]{64}$/);
    expect(new URLSearchParams(seen[1]!.body).get('page')).toBe('2');
  });

  it('refuses a timestamp that is not "YYYY-MM-DD HH:MM:SS"', () => {
    const reply = JSON.parse(poolFixture('antpool/operator_paymentHistory_pps_doc_example.json'));
    reply.data.rows[0].timestamp = '01/01/2015';
    const error = caught(() => parseAntpoolPpsHistory(JSON.stringify(reply), 's'));
    expect(error.code).toBe('SY_ERR_POOL_REPLY_MALFORMED');
    expect(error.message).toContain('data.rows[0].timestamp');
  });
});

describe('OCEAN statsnap (live, partial, github.com/rdouma/hashrate-autopilot)', () => {
  it('reads the unpaid BTC string exactly', () => {
    const balance = parseOceanStatsnap(poolFixture('ocean/statsnap__partial.json'), {
      account: 'a',
      nowMs: 5,
    });
    expect(balance).toEqual({ account: 'a', atMs: 5, unpaidSats: 385_090n });
  });
});

describe('Luxor GraphQL error envelope (live, github.com/LuxorLabs/graphql-python-client)', () => {
  it('quotes every error message of an envelope without data', () => {
    expect(errorEnvelopeMessage(poolFixture('luxor/graphql_error_400_unknown_field.json'))).toContain(
      'Did you mean "getHashrateScoreHistory"',
    );
    const many = errorEnvelopeMessage(poolFixture('luxor/graphql_error_400_bad_arguments.json'))!;
    expect(many.split('; ')).toHaveLength(4);
    expect(many).toContain('"Datetime!" is required');
  });

  it('is not triggered by success replies of the other pools', () => {
    for (const file of [
      'braiins/accounts_rewards_json_btc__capture1.json',
      'f2pool/v2_assets_balance_nexa.json',
      'antpool/operator_paymentHistory_pps_doc_example.json',
      'ocean/statsnap__partial.json',
    ])
      expect(errorEnvelopeMessage(poolFixture(file))).toBeUndefined();
  });
});
