import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { PoolEarnings, PoolEarningsQuery } from '../../core/ports/pool-earnings.ts';
import type { PoolHttp, PoolHttpReply, PoolHttpRequest } from './pool-http.ts';

/** How the contract drives one PoolEarnings implementation over its wire. */
export interface PoolEarningsContractSubject {
  readonly name: string;
  /** The implementation talking to `http`. */
  create(http: PoolHttp): PoolEarnings;
  /** A real reply of this pool (a recorded capture or the pool's documented example), and a query for it. */
  readonly recorded: { readonly body: string; readonly query: PoolEarningsQuery };
  /** What the recorded reply must yield: the credits (oldest first) and the unpaid balance, if any. */
  readonly expected: {
    readonly credits: readonly { readonly date: string; readonly creditedSats: bigint }[];
    readonly unpaidSats: bigint | null;
  };
  /** A reply of the right shape whose amount field holds `amount` (for the malformed-amount cases). */
  withAmount(amount: unknown): string;
}

const LUXOR_ERROR =
  '{"errors":[{"message":"Cannot query field \\"getNydigHashrateScoreHistory\\" on type \\"Query\\".","locations":[{"line":3,"column":17}]}]}';

/** The behaviour every pool-earnings adapter has, run against each (test/pools/pool-earnings.test.ts). */
export function runPoolEarningsContract(subject: PoolEarningsContractSubject): void {
  const serve =
    (reply: PoolHttpReply, seen: PoolHttpRequest[] = []): PoolHttp =>
    async (request) => {
      seen.push(request);
      return reply;
    };
  const query = subject.recorded.query;

  const expectError = async (reply: PoolHttpReply, code: string, text?: RegExp) => {
    const error = await subject
      .create(serve(reply))
      .dailyCredits(query)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(SwitchyardError);
    expect((error as SwitchyardError).code).toBe(code);
    if (text) expect((error as SwitchyardError).message).toMatch(text);
    return error as SwitchyardError;
  };

  describe(`PoolEarnings contract: ${subject.name}`, () => {
    it('reads the recorded reply: exact satoshis per UTC day, oldest first, the account echoed', async () => {
      const seen: PoolHttpRequest[] = [];
      const pool = subject.create(serve({ status: 200, body: subject.recorded.body }, seen));
      const report = await pool.dailyCredits(query);
      expect(seen.length).toBeGreaterThan(0);
      expect(report.pool).toBe(pool.pool);
      expect(report.account).toBe(query.account);
      expect(report.credits.map((c) => ({ date: c.date, creditedSats: c.creditedSats }))).toEqual(
        subject.expected.credits,
      );
      for (const credit of report.credits) {
        expect(credit.account).toBe(query.account);
        expect(typeof credit.creditedSats).toBe('bigint');
        expect(credit.date >= query.fromDate && credit.date <= query.toDate).toBe(true);
      }
      expect(report.balance?.unpaidSats ?? null).toBe(subject.expected.unpaidSats);
    });

    it('returns only the days inside the window asked for', async () => {
      const pool = subject.create(serve({ status: 200, body: subject.recorded.body }));
      const report = await pool.dailyCredits({ ...query, fromDate: '1990-01-01', toDate: '1990-01-02' });
      expect(report.credits).toEqual([]);
    });

    it('refuses a reply that is not JSON as malformed', async () => {
      await expectError(
        { status: 200, body: '<html>502 Bad Gateway</html>' },
        'SY_ERR_POOL_REPLY_MALFORMED',
        /not JSON/,
      );
    });

    it('refuses a reply of another shape, naming the missing field', async () => {
      await expectError(
        { status: 200, body: '{"unexpected":true}' },
        'SY_ERR_POOL_REPLY_MALFORMED',
        /missing/,
      );
    });

    it('refuses negative, exponent, over-precise and non-numeric amounts, naming the field', async () => {
      for (const amount of ['-0.1', '1e-5', '0.000000001', 'abc', null, true, -1]) {
        await expectError({ status: 200, body: subject.withAmount(amount) }, 'SY_ERR_POOL_REPLY_MALFORMED');
      }
    });

    it("quotes the pool's error envelope (Luxor's GraphQL errors[] without data) as rejected", async () => {
      await expectError({ status: 400, body: LUXOR_ERROR }, 'SY_ERR_POOL_REJECTED', /Cannot query field/);
      await expectError({ status: 200, body: LUXOR_ERROR }, 'SY_ERR_POOL_REJECTED', /Cannot query field/);
    });

    it('reports an HTTP error status without an envelope as unreachable', async () => {
      await expectError({ status: 503, body: 'Service Unavailable' }, 'SY_ERR_POOL_UNREACHABLE', /503/);
    });
  });
}
