import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlurmCli } from '../../src/adapters/compute/slurm/slurm-cli.ts';
import { SlurmComputeBackend } from '../../src/adapters/compute/slurm/slurm-compute-backend.ts';
import { parseJobComment } from '../../src/adapters/compute/slurm/slurm-job-comment.ts';
import { parseSinfo, parseSqueue } from '../../src/adapters/compute/slurm/slurm-replies.ts';
import { parseReservations, reservationName } from '../../src/adapters/compute/slurm/slurm-reservations.ts';
import { tenantAccount } from '../../src/adapters/compute/slurm/slurm-submit.ts';
import type { SitePlan } from '../../src/core/allocator/site-plan.ts';
import type { SitePlanInput } from '../../src/core/allocator/site-plan-input.ts';
import type { Storage } from '../../src/core/ports/storage.ts';
import { SlurmReconciler } from '../../src/server/services/marketplace/slurm-reconciler.ts';
import {
  cancelSwitchyardJobs,
  holdSlurmTestCluster,
  SLURM_CONF,
  SLURM_DIR,
  startSlurmTestCluster,
} from '../compute/slurm-test-cluster.ts';
import { type ApiBody, type Harness, startHarness } from '../server/app-harness.ts';
import { gpuHubSite } from './gpu-hub.ts';

/** The test cluster's 20 GPUs (sy-h100-0/1: 8, sy-h100-2: 4) as the hub's H100 group. */
const slurmHub = { ...gpuHubSite, gpuNodes: [{ ...gpuHubSite.gpuNodes[0]!, count: 20 }] };
const nodes = [8, 8, 4].map((gpus, n) => ({
  nodeId: `gpu-hub/h100/${n}`,
  siteId: 'gpu-hub',
  groupId: 'h100',
  gpus,
  slurmNode: `sy-h100-${n}`,
  partition: 'h100',
  gresType: 'h100',
  wattsPerGpu: 700,
  idleWattsPerGpu: 90,
}));
/** The test replays a day the market data covers at speed 1 from the wall clock's whole second W0. */
const T0 = Date.parse('2023-08-10T04:00:00Z');
const W0 = Math.floor(Date.now() / 1000) * 1000;
const replayNow = () => T0 + (Date.now() - W0);
/** The allocator's first interval at the hub: 4 committed GPUs, 8 interruptible wanted, `served` served. */
const sitePlan = (served: number) =>
  [
    {
      siteId: 'gpu-hub',
      gpuGroups: [{ id: 'h100', committedGpus: [4], interruptibleGpus: [8] }],
      batchJobs: [],
    } as unknown as SitePlanInput,
    {
      decisions: [{ interruptibleGpus: { h100: served }, batchGpus: {} }],
      explanation: ['test: the site is short of power'],
    } as unknown as SitePlan,
  ] as const;
const LOGIN_KEYS = `${SLURM_DIR}/login-keys-test`;
/** A tenant's public key (generated with ssh-keygen for this test). */
const ED25519 =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILhm7FGkSoE4AK6uAjE/TGMQlFD5vnXLBjHSfaZKIn/M tenant@laptop';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The marketplace on a real Slurm cluster (scripts/slurm-test-cluster.sh), through the HTTP API and
 * the lease runner, on the wall clock (Slurm's own): the tenant's script runs as a Slurm job holding
 * its GPUs in the tenant's account; the invoice equals Slurm's accounting to the GPU-second; an
 * interruptible lease gets SIGTERM at notice and ends at expiry; concurrent requests for the last
 * GPUs hold exactly those GPUs in Slurm, and a job without a lease is reported and cancelled.
 */
describe('GPU leases on a real Slurm cluster', () => {
  let cli: SlurmCli;
  let h: Harness;
  let backend: SlurmComputeBackend;
  let reconciler: SlurmReconciler;
  let key: string;
  let tenantId: string;

  let release: () => void = () => undefined;

  beforeAll(async () => {
    cli = await startSlurmTestCluster();
    release = await holdSlurmTestCluster();
    await cancelSwitchyardJobs(cli);
    let storage: Storage | undefined;
    h = await startHarness({
      atMs: T0,
      compute: () => {
        backend = new SlurmComputeBackend({
          nodes,
          now: () => h.clock.nowMs(),
          commands: cli,
          outputDir: `${SLURM_DIR}/jobs`,
          slurmClockOffsetMs: T0 - W0,
          tenantGpuQuota: async (id) => (await storage!.marketplace.getTenant(id))?.maxGpus,
          login: { host: 'localhost', port: 22, keysDir: LOGIN_KEYS },
        });
        return backend;
      },
    });
    storage = h.storage;
    reconciler = new SlurmReconciler(h.storage, backend, () => h.clock.nowMs());
    expect(
      (await h.call('POST', '/api/v1/fleet/import', { body: { version: 1, sites: [slurmHub] } })).status,
    ).toBe(200);
    const tenant = await h.call('POST', '/api/v1/market/tenants', {
      body: { name: 'Acme AI', spendingLimitCents: 100_000_000, maxGpus: 20 },
    });
    key = tenant.body.apiKey;
    tenantId = tenant.body.tenant.id;
  }, 900_000);

  afterAll(async () => {
    // Never leave the shared cluster's nodes drained.
    await backend?.powerPool('gpu-hub', 'h100', null).catch(() => undefined);
    await h?.close();
    if (cli) await cancelSwitchyardJobs(cli);
    release();
  });

  /** The runner's tick on the wall clock (Slurm's). */
  const tick = async () => {
    h.clock.set(replayNow());
    await h.app.services.marketplace.runner.tick();
  };
  const book = async (tier: string, gpus: number, idem: string, workload?: object, terms: object = {}) => {
    h.clock.set(replayNow());
    const q = await h.call('POST', '/api/v1/market/quotes', {
      key,
      body: { siteId: 'gpu-hub', groupId: 'h100', tier, gpus, ...terms },
    });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    return h.app.inject({
      method: 'POST',
      url: '/api/v1/market/leases',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': idem },
      payload: { quoteId: q.body.id, ...(workload ? { workload } : {}) },
    });
  };
  const lease = async (id: string) => (await h.call('GET', `/api/v1/market/leases/${id}`, { key })).body;
  const jobs = async () =>
    parseSqueue(await cli.run('squeue', ['--json'])).filter((j) => parseJobComment(j.comment));
  const outputOf = (leaseView: ApiBody) => readFileSync(leaseView.workload.runs[0].output, 'utf8');

  it('8 H100 on-demand run the tenant script as a Slurm job; stop ends it; the invoice equals Slurm accounting', async () => {
    const script = [
      '#!/bin/bash',
      'trap \'echo "tenant: got SIGTERM"; exit 0\' TERM',
      'echo "tenant: model=$MODEL gpus=$SLURM_JOB_GPUS"',
      'while :; do sleep 1; done',
    ].join('\n');
    const booked = await book('on-demand', 8, 'od-8', {
      kind: 'script',
      script,
      env: { MODEL: "llama 3's 70B", HF_TOKEN: 'hf_secret_value' },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const id = booked.json().id as string;
    await tick();
    await tick();
    const running = await lease(id);
    expect(running.state).toBe('running');
    expect(running.workload.spec.env).toEqual({ MODEL: "llama 3's 70B", HF_TOKEN: '[redacted]' });
    const [job] = (await jobs()).filter((j) => parseJobComment(j.comment)?.leaseId === id);
    expect(job).toMatchObject({
      state: 'RUNNING',
      gpus: 8,
      qos: 'ondemand',
      account: tenantAccount(tenantId),
    });
    expect(job!.gpuIndices).toHaveLength(8);
    expect(running.workload.runs).toEqual([
      expect.objectContaining({
        jobId: String(job!.jobId),
        state: 'RUNNING',
        exitCode: null,
        node: job!.node,
      }),
    ]);
    for (let i = 0; i < 50 && !outputOf(running).includes('tenant: model'); i++) await sleep(100);
    expect(outputOf(running)).toContain("tenant: model=llama 3's 70B gpus=");

    await sleep(2_500);
    await tick();
    h.clock.set(replayNow());
    const stopped = await h.call('POST', `/api/v1/market/leases/${id}/stop`, { key });
    expect(stopped.body.state).toBe('completed');
    const after = (await jobs()).find((j) => j.jobId === job!.jobId);
    expect(after?.state).toMatch(/CANCELLED|COMPLETING|COMPLETED/);

    let result = await reconciler.reconcile(stopped.body);
    for (let i = 0; i < 50 && !result?.final; i++) {
      await sleep(200);
      result = await reconciler.reconcile(stopped.body);
    }
    expect(result).toMatchObject({ final: true, differenceGpuSeconds: 0 });
    expect(result!.schedulerGpuSeconds).toBe(stopped.body.usage.gpuSeconds);
    expect(stopped.body.usage.gpuSeconds).toBeGreaterThanOrEqual(2 * 8);
    expect(
      (await h.storage.alerts.list({ open: true })).filter((a) => a.kind === 'lease.metering-mismatch'),
    ).toEqual([]);
  }, 120_000);

  it('an interruptible lease preempted by the allocator gets SIGTERM at notice and ends at expiry; on-demand runs on', async () => {
    const committed = (await book('on-demand', 4, 'od-4')).json();
    const script = ['trap \'echo "tenant: SIGTERM, checkpointing"\' TERM', 'while :; do sleep 1; done'].join(
      '\n',
    );
    const spot = (await book('interruptible', 8, 'int-8', { kind: 'script', script })).json();
    await tick();
    await tick();
    expect((await lease(spot.id)).state).toBe('running');
    const runner = h.app.services.marketplace.runner;
    h.clock.set(replayNow());
    const noticeAt = h.clock.nowMs();
    const moved = await runner.preempt(
      await h.storage.marketplace.getLease(spot.id).then((l) => l!),
      20,
      'energy needed: test',
    );
    expect(moved?.state).toBe('preempting');
    expect(moved?.preemptAtMs).toBe(noticeAt + 20_000);
    const noticed = await lease(spot.id);
    for (let i = 0; i < 50 && !outputOf(noticed).includes('SIGTERM'); i++) await sleep(100);
    expect(outputOf(noticed)).toContain('tenant: SIGTERM, checkpointing');
    await tick();
    expect((await lease(spot.id)).state).toBe('preempting');
    expect((await jobs()).find((j) => parseJobComment(j.comment)?.leaseId === spot.id)?.state).toBe(
      'RUNNING',
    );

    // The site is short of power: the allocator powers only the committed 4 GPUs. Slurm drains the
    // nodes beyond them (the busiest kept in service); the committed job on a drained node runs on.
    await runner.applyPlan(...sitePlan(0));
    const committedJob = (await jobs()).find((j) => parseJobComment(j.comment)?.leaseId === committed.id)!;
    const spotJob = (await jobs()).find((j) => parseJobComment(j.comment)?.leaseId === spot.id)!;
    const slurmNodes = async () => parseSinfo(await cli.run('sinfo', ['--json']));
    const drained = (await slurmNodes()).filter((n) => n.flags.includes('DRAIN')).map((n) => n.name);
    expect(drained.sort()).toEqual(nodes.map((n) => n.slurmNode).filter((n) => n !== spotJob.node));
    expect((await slurmNodes()).find((n) => n.name === committedJob.node)?.reason).toMatch(
      /^switchyard power: 4 GPU/,
    );
    expect(await backend.freeGpus('gpu-hub', 'h100')).toBe(0);
    expect((await jobs()).find((j) => j.jobId === committedJob.jobId)?.state).toBe('RUNNING');
    const power = await h.storage.audit.list({ target: 'gpu-pool:gpu-hub/h100' });
    expect(power.at(-1)?.details).toMatchObject({ poweredGpus: 4, drained: expect.any(Array) });
    // Power is back: the drained nodes take work again.
    await runner.applyPlan(...sitePlan(8));
    expect((await slurmNodes()).filter((n) => n.flags.includes('DRAIN'))).toEqual([]);

    await sleep(Math.max(0, noticeAt + 20_100 - replayNow()));
    const expiryTick = replayNow();
    await tick();
    const ended = await lease(spot.id);
    expect(ended.state).toBe('preempted');
    const endedAt = ended.transitions.at(-1).atMs;
    expect(endedAt).toBeGreaterThanOrEqual(Math.floor((noticeAt + 20_000) / 1000) * 1000);
    // Ended by the first runner tick after expiry; Slurm records the cancel (whole seconds).
    expect(endedAt).toBeLessThanOrEqual(expiryTick + 5_000);
    expect(ended.workload.runs[0].state).toMatch(/CANCELLED|COMPLETING/);
    const states = ended.usage;
    expect(states.gpuSeconds).toBeGreaterThan(0);
    // The committed lease was never touched.
    const od = await lease(committed.id);
    expect(od.state).toBe('running');
    expect((await jobs()).find((j) => parseJobComment(j.comment)?.leaseId === committed.id)?.state).toBe(
      'RUNNING',
    );
    await h.call('POST', `/api/v1/market/leases/${committed.id}/stop`, { key });
  }, 120_000);

  it('a reserved interactive lease runs in a Slurm reservation for its account to the term end, is reached with the registered key, and its reservation goes when it stops', async () => {
    const registered = await h.call('POST', '/api/v1/market/tenant/ssh-keys', {
      key,
      body: { publicKey: ED25519 },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const booked = await book('reserved', 4, 'res-4', { kind: 'interactive' }, { termDays: 1 });
    expect(booked.statusCode, booked.body).toBe(201);
    const id = booked.json().id as string;
    await tick();
    await tick();
    const running = await lease(id);
    expect(running.state).toBe('running');
    const account = tenantAccount(tenantId);
    const [job] = (await jobs()).filter((j) => parseJobComment(j.comment)?.leaseId === id);
    const name = reservationName(running.placements[0].workloadId);
    expect(job).toMatchObject({ state: 'RUNNING', gpus: 4, qos: 'reserved', account, reservation: name });
    const reservation = parseReservations(await cli.run('scontrol', ['-o', 'show', 'reservation'])).find(
      (r) => r.name === name,
    );
    expect(reservation).toMatchObject({
      accounts: [account],
      nodes: job!.node,
      coreCount: 4,
      state: 'ACTIVE',
    });
    // To the term's end, on Slurm's clock.
    expect(reservation!.endS).toBe(Math.ceil((running.termEndsAtMs - (T0 - W0)) / 1000));

    // Connection details in the API; the login host's keys reach this job's node and nothing else.
    const run = running.workload.runs[0];
    expect(run.connect).toEqual({
      host: 'localhost',
      port: 22,
      user: account,
      node: job!.node,
      command: `ssh -t -p 22 ${account}@localhost ${job!.jobId}`,
    });
    await reconciler.publishLoginKeys();
    const authorized = readFileSync(`${LOGIN_KEYS}/${account}`, 'utf8');
    expect(authorized.startsWith('restrict,pty,command="')).toBe(true);
    expect(authorized.endsWith(` ${ED25519}\n`)).toBe(true);
    const forced = /command="(.*)" ssh-/.exec(authorized)![1]!.replaceAll('\\"', '"');
    const asSshd = (asked: string) =>
      spawnSync('bash', ['-c', forced], {
        env: { ...process.env, SLURM_CONF, SSH_ORIGINAL_COMMAND: asked },
        input: 'echo "on=$SLURMD_NODENAME job=$SLURM_JOB_ID"; exit\n',
        encoding: 'utf8',
        timeout: 30_000,
      });
    const attached = asSshd(String(job!.jobId));
    expect(attached.stdout, attached.stderr).toContain(`on=${job!.node} job=${job!.jobId}`);
    const refused = asSshd(`${job!.jobId}; id`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('name one of your running allocations');

    h.clock.set(replayNow());
    const stopped = await h.call('POST', `/api/v1/market/leases/${id}/stop`, { key });
    expect(stopped.body.state).toBe('completed');
    const after = parseReservations(await cli.run('scontrol', ['-o', 'show', 'reservation']));
    expect(after.map((r) => r.name)).not.toContain(name);
    await reconciler.publishLoginKeys();
    expect(existsSync(`${LOGIN_KEYS}/${account}`)).toBe(false);
  }, 120_000);

  it('100 concurrent requests for the last 8 GPUs: exactly 8 GPUs held in Slurm, no orphan; a job without a lease is cancelled', async () => {
    const active = await h.storage.marketplace.listLeases({
      states: ['pending', 'provisioning', 'running', 'preempting'],
    });
    for (const l of active) await h.call('POST', `/api/v1/market/leases/${l.id}/stop`, { key });
    await cancelSwitchyardJobs(cli);
    const first = (await book('on-demand', 12, 'first-12')).json();
    expect(first.state).toBe('pending');
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => book('on-demand', 1, `race-${i}`)),
    );
    const created = responses.filter((r) => r.statusCode === 201).map((r) => r.json().id as string);
    expect(created).toHaveLength(8);
    await tick();
    await tick();
    const held = (await jobs()).filter((j) => j.state === 'RUNNING');
    const byLease = held.filter((j) => created.includes(parseJobComment(j.comment)!.leaseId));
    expect(byLease.reduce((s, j) => s + j.gpus, 0)).toBe(8);
    expect(held.reduce((s, j) => s + j.gpus, 0)).toBe(20);
    expect(await backend.orphans(async (leaseId) => (await lease(leaseId))?.state === 'running')).toEqual([]);
    expect(await reconciler.cancelOrphans()).toBe(0);

    // A job the backend submitted whose lease is gone (e.g. a crash between placing and recording).
    await h.call('POST', `/api/v1/market/leases/${created[0]}/stop`, { key });
    const sbatch = await cli.run(
      'sbatch',
      [
        '--parsable',
        '--job-name=ghost.0',
        '--nodelist=sy-h100-2',
        '--gres=gpu:h100:1',
        '--comment=switchyard:v1 lease=ghost u=1',
        `--output=${SLURM_DIR}/jobs/ghost.out`,
      ],
      '#!/bin/bash\nsleep 300\n',
    );
    const ghost = Number(sbatch.trim());
    for (let i = 0; i < 50 && (await jobs()).find((j) => j.jobId === ghost)?.state !== 'RUNNING'; i++)
      await sleep(200);
    expect(await reconciler.cancelOrphans()).toBe(1);
    expect((await jobs()).find((j) => j.jobId === ghost)?.state).toMatch(/CANCELLED|COMPLETING/);
    const alerts = await h.storage.alerts.list({ open: true });
    expect(alerts.find((a) => a.kind === 'slurm.orphan-job')?.message).toContain(
      `Slurm job ${ghost} (ghost.0`,
    );

    // A reservation the backend left for a lease that is gone is deleted (and audited).
    const left = reservationName('ghost-res.0');
    await backend.driver.reservations.create(left, 'root', 'sy-h100-2', 1, Date.now() / 1000 + 3600);
    expect(await reconciler.deleteStaleReservations()).toEqual([left]);
    const names = parseReservations(await cli.run('scontrol', ['-o', 'show', 'reservation'])).map(
      (r) => r.name,
    );
    expect(names).not.toContain(left);
    expect(
      (await h.storage.audit.list({ target: `slurm-reservation:${left}` })).map((e) => e.action),
    ).toEqual(['slurm.reservation-delete']);
  }, 180_000);
});
