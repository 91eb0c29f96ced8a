import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, one registry per app (tests build many apps). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly readingsIngested = new Counter({
    name: 'switchyard_telemetry_readings_total',
    help: 'Device readings ingested',
    registers: [this.registry],
  });
  readonly batchesIngested = new Counter({
    name: 'switchyard_telemetry_batches_total',
    help: 'Telemetry batches ingested, by result (stored or duplicate)',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly solveSeconds = new Histogram({
    name: 'switchyard_allocator_solve_seconds',
    help: 'Time to plan the whole fleet in one allocation step',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  readonly ackLatencySeconds = new Histogram({
    name: 'switchyard_setpoint_ack_latency_seconds',
    help: 'Time from issuing a setpoint to its ack',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly sitesOnline = new Gauge({
    name: 'switchyard_sites_online',
    help: 'Sites whose agent is connected',
    registers: [this.registry],
  });
  readonly rejectedMessages = new Gauge({
    name: 'switchyard_rejected_messages_total',
    help: 'Messages from agents rejected by validation, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly allocationRuns = new Counter({
    name: 'switchyard_allocation_runs_total',
    help: 'Allocation steps run by this replica, by result',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly feedPolls = new Counter({
    name: 'switchyard_feed_polls_total',
    help: 'Market feed polls, by feed and result (ok or failed after retries)',
    labelNames: ['feed', 'result'],
    registers: [this.registry],
  });
  readonly feedPollSeconds = new Histogram({
    name: 'switchyard_feed_poll_seconds',
    help: 'Time of one market feed poll with its retries and the write of its points',
    labelNames: ['feed'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 20, 60],
    registers: [this.registry],
  });
  readonly feedAgeSeconds = new Gauge({
    name: 'switchyard_feed_age_seconds',
    help: 'Time since the last successful poll of each market feed (-1: never)',
    labelNames: ['feed'],
    registers: [this.registry],
  });
  readonly feedConsecutiveFailures = new Gauge({
    name: 'switchyard_feed_consecutive_failures',
    help: 'Failed polls of each market feed since its last success',
    labelNames: ['feed'],
    registers: [this.registry],
  });
}
