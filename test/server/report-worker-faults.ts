// A stand-in for report-worker.ts in the pool's tests: fails on purpose by month, else replies with
// a small simulation (bigints, an undefined field) after 200 ms, its start and end times in `notes`.
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulatedMonths } from '../../src/core/accounting/run-monthly-report.ts';
import type { SimulationJob, SimulationReply } from '../../src/server/services/report-worker.ts';

const { month } = (workerData as { job: SimulationJob }).job.request;
const post = (reply: SimulationReply) => parentPort?.postMessage(reply);

if (month === '2001-01') process.exit(7);
if (month === '2001-02') throw new TypeError('boom in the worker');
if (month === '2001-03') {
  post({
    ok: false,
    error: {
      name: 'SwitchyardError',
      message: 'no data',
      code: 'SY_ERR_DATA_NOT_COVERED',
      details: { month },
    },
  });
} else {
  const startedMs = Date.now();
  await sleep(200);
  const sim = {
    strategy: 'fake',
    current: {
      month,
      siteDays: [{ siteId: 'a', date: `${month}-01`, seconds: 86_400n, btcMinedSats: 2n ** 70n }],
      drEvents: [{ siteId: 'a', eventId: 'e', creditMicroUsdPerMwh: undefined, creditMicroUsd: -1n }],
    },
    previous: undefined,
    notes: [String(startedMs), String(Date.now())],
  } as unknown as SimulatedMonths;
  post({ ok: true, sim });
}
