import { AntpoolEarnings } from '../../src/adapters/pools/antpool.ts';
import { BraiinsPoolEarnings } from '../../src/adapters/pools/braiins-pool.ts';
import { F2PoolEarnings } from '../../src/adapters/pools/f2pool.ts';
import { OceanPoolEarnings } from '../../src/adapters/pools/ocean-pool.ts';
import { runPoolEarningsContract } from '../../src/adapters/pools/pool-earnings.contract.ts';
import { poolFixture } from './fixtures-dir.ts';

// Every adapter runs the one contract on a real reply from ../shared/fixtures/pools (README.md there
// names each source): Braiins rewards capture2 (github.com/afaqueadmin/BitFactory, live), F2Pool v2
// assets/balance (github.com/B1ackt34/MinerKeeper, live, NEXA), Antpool Operator API paymentHistory
// pps (Antpool's documented example), OCEAN statsnap (github.com/rdouma/hashrate-autopilot, live, partial).

const braiinsReply = poolFixture('braiins/accounts_rewards_json_btc__capture2.json');
runPoolEarningsContract({
  name: 'Braiins Pool',
  create: (http) => new BraiinsPoolEarnings({ token: 'token', http }),
  recorded: {
    body: braiinsReply,
    query: { account: 'HiggsRAK', fromDate: '2026-04-01', toDate: '2026-04-05', nowMs: Date.UTC(2026, 3, 5) },
  },
  expected: { credits: [{ date: '2026-04-03', creditedSats: 21_038n }], unpaidSats: null },
  withAmount: (amount) => {
    const reply = JSON.parse(braiinsReply);
    reply.btc.daily_rewards[0].total_reward = amount;
    return JSON.stringify(reply);
  },
});

const f2poolReply = poolFixture('f2pool/v2_assets_balance_nexa.json');
runPoolEarningsContract({
  name: 'F2Pool',
  create: (http) => new F2PoolEarnings({ secret: 'secret', http }),
  recorded: {
    body: f2poolReply,
    query: {
      account: 'miner',
      fromDate: '2026-04-01',
      toDate: '2026-04-30',
      nowMs: Date.UTC(2026, 3, 16, 10),
    },
  },
  // An all-zero (idle) account: the reported zero is a real credit of zero for yesterday (UTC).
  expected: { credits: [{ date: '2026-04-15', creditedSats: 0n }], unpaidSats: 0n },
  withAmount: (amount) => {
    const reply = JSON.parse(f2poolReply);
    reply.balance_info.yesterday_income = amount;
    return JSON.stringify(reply);
  },
});

const antpoolReply = poolFixture('antpool/operator_paymentHistory_pps_doc_example.json');
runPoolEarningsContract({
  name: 'Antpool',
  create: (http) => new AntpoolEarnings({ userId: 'u', key: 'k', secret: 's', http, nonce: () => 1 }),
  recorded: {
    body: antpoolReply,
    query: { account: 'sub1', fromDate: '2015-01-01', toDate: '2015-01-31', nowMs: Date.UTC(2015, 1, 1) },
  },
  expected: { credits: [{ date: '2015-01-01', creditedSats: 1_000_000n }], unpaidSats: null },
  withAmount: (amount) => {
    const reply = JSON.parse(antpoolReply);
    reply.data.rows[0].amount = amount;
    return JSON.stringify(reply);
  },
});

const oceanReply = poolFixture('ocean/statsnap__partial.json');
runPoolEarningsContract({
  name: 'OCEAN',
  create: (http) => new OceanPoolEarnings({ http }),
  recorded: {
    body: oceanReply,
    query: {
      account: 'bc1qexample',
      fromDate: '2026-04-01',
      toDate: '2026-04-16',
      nowMs: Date.UTC(2026, 3, 16),
    },
  },
  // TIDES pays per block found: no daily credit, the unpaid balance only.
  expected: { credits: [], unpaidSats: 385_090n },
  withAmount: (amount) => {
    const reply = JSON.parse(oceanReply);
    reply.result.unpaid = amount;
    return JSON.stringify(reply);
  },
});
