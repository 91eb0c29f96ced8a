import { GpuNodeRefusal } from './gpu-node-refusal.ts';

/** What the node is made of (a fleet file's `gpuNodes` group, cut into nodes). */
export interface GpuNodeSpec {
  readonly id: string;
  /** GPU model, e.g. `H100 SXM`. */
  readonly model: string;
  /** GPUs in the node. */
  readonly gpus: number;
  /** W per GPU at full load and the default power limit. */
  readonly wattsPerGpu: number;
  /** W per GPU with nothing running. */
  readonly idleWattsPerGpu: number;
}

export interface EmulatedGpuNodeOptions extends GpuNodeSpec {
  /** The clock, ms since the epoch. */
  readonly now: () => number;
  /** deg C at the intake. Default 25. */
  readonly ambientC?: number;
  /** Lowest power limit the driver accepts, W per GPU. Default max(2 x idle, 30 % of full). */
  readonly minPowerLimitW?: number;
  /** Stopped workloads kept for status queries. Default 50. */
  readonly historySize?: number;
}

/**
 * - `running`: on its GPUs.
 * - `preempting`: told it will be stopped at `preemptAtMs`; still running until then.
 * - `stopped`: off its GPUs (see `stopReason`).
 */
export type WorkloadState = 'running' | 'preempting' | 'stopped';
export type StopReason = 'stopped' | 'preempted';

export interface WorkloadStatus {
  readonly id: string;
  readonly state: WorkloadState;
  /** Indices of the GPUs it holds (empty once stopped). */
  readonly gpus: readonly number[];
  /** 0-1: how busy the workload keeps each of its GPUs. */
  readonly utilisation: number;
  /** An interruptible (spot-like) lease or batch job, which may be slowed or preempted. */
  readonly interruptible: boolean;
  readonly startedAtMs: number;
  /** When a preemption notice runs out, ms since the epoch; `null` without a notice. */
  readonly preemptAtMs: number | null;
  readonly stoppedAtMs: number | null;
  readonly stopReason: StopReason | null;
}

export interface GpuStatus {
  readonly index: number;
  /** 0-1. */
  readonly utilisation: number;
  /** W drawn now. */
  readonly powerW: number;
  /** W the driver caps the GPU at. */
  readonly powerLimitW: number;
  readonly temperatureC: number;
  readonly workloadId: string | null;
}

export interface GpuNodeStatus {
  readonly id: string;
  readonly model: string;
  readonly nowMs: number;
  readonly gpus: readonly GpuStatus[];
  /** W of all GPUs together. */
  readonly powerW: number;
  /** 0-1, mean over GPUs. */
  readonly utilisation: number;
  /** W per GPU. */
  readonly powerLimitW: number;
  readonly powerLimitRangeW: { readonly minW: number; readonly maxW: number };
  /** GPUs no workload holds. */
  readonly freeGpus: number;
  /** Relative throughput under the power limit (1 at the full limit): (limit / full)^0.5. */
  readonly throughputFactor: number;
  /** Running and preempting workloads first, then the stopped ones kept, newest first. */
  readonly workloads: readonly WorkloadStatus[];
}

interface Workload {
  id: string;
  state: WorkloadState;
  gpus: number[];
  utilisation: number;
  interruptible: boolean;
  startedAtMs: number;
  preemptAtMs: number | null;
  stoppedAtMs: number | null;
  stopReason: StopReason | null;
}

/**
 * An emulated GPU node, in-process: workloads (lease jobs) start on free GPUs and stop by id; a
 * preemption gives notice and stops the workload when the notice runs out; a power limit caps each
 * GPU. Power per GPU = idle + (min(limit, full) - idle) x utilisation. Time comes only from `now`;
 * state moves forward lazily on every call.
 */
export class EmulatedGpuNode {
  readonly spec: GpuNodeSpec;
  private readonly now: () => number;
  private readonly ambientC: number;
  private readonly minLimitW: number;
  private readonly historySize: number;
  private limitW: number;
  private readonly holders: (Workload | null)[];
  private readonly workloads = new Map<string, Workload>();

  constructor(options: EmulatedGpuNodeOptions) {
    if (!Number.isInteger(options.gpus) || options.gpus <= 0)
      throw new RangeError('gpus must be a positive integer');
    if (!(options.wattsPerGpu > options.idleWattsPerGpu) || options.idleWattsPerGpu < 0) {
      throw new RangeError('wattsPerGpu must exceed idleWattsPerGpu >= 0');
    }
    this.spec = {
      id: options.id,
      model: options.model,
      gpus: options.gpus,
      wattsPerGpu: options.wattsPerGpu,
      idleWattsPerGpu: options.idleWattsPerGpu,
    };
    this.now = options.now;
    this.ambientC = options.ambientC ?? 25;
    this.minLimitW =
      options.minPowerLimitW ?? Math.max(2 * options.idleWattsPerGpu, Math.round(0.3 * options.wattsPerGpu));
    this.historySize = options.historySize ?? 50;
    this.limitW = options.wattsPerGpu;
    this.holders = new Array<Workload | null>(options.gpus).fill(null);
  }

  /** Starts a workload on `gpus` free GPUs. Refused when the id is taken or too few GPUs are free. */
  startWorkload(request: {
    readonly id: string;
    readonly gpus: number;
    readonly utilisation?: number;
    readonly interruptible?: boolean;
  }): WorkloadStatus {
    this.advance();
    const utilisation = request.utilisation ?? 0.95;
    if (typeof request.id !== 'string' || request.id.trim() === '') {
      throw new GpuNodeRefusal('invalid', 'a workload needs an id');
    }
    if (!Number.isInteger(request.gpus) || request.gpus <= 0) {
      throw new GpuNodeRefusal('invalid', 'gpus must be a positive integer');
    }
    if (!(utilisation > 0 && utilisation <= 1))
      throw new GpuNodeRefusal('invalid', 'utilisation must be in (0, 1]');
    const existing = this.workloads.get(request.id);
    if (existing && existing.state !== 'stopped') {
      throw new GpuNodeRefusal('conflict', `workload ${request.id} is already ${existing.state}`);
    }
    const free = this.holders.flatMap((holder, index) => (holder === null ? [index] : []));
    if (free.length < request.gpus) {
      throw new GpuNodeRefusal('conflict', `${request.gpus} GPU(s) asked, ${free.length} free`);
    }
    const workload: Workload = {
      id: request.id,
      state: 'running',
      gpus: free.slice(0, request.gpus),
      utilisation,
      interruptible: request.interruptible ?? false,
      startedAtMs: this.now(),
      preemptAtMs: null,
      stoppedAtMs: null,
      stopReason: null,
    };
    for (const gpu of workload.gpus) this.holders[gpu] = workload;
    this.workloads.delete(request.id);
    this.workloads.set(request.id, workload);
    return view(workload);
  }

  /** Stops a workload now. Stopping a stopped one returns it unchanged. */
  stopWorkload(id: string): WorkloadStatus {
    this.advance();
    const workload = this.find(id);
    if (workload.state !== 'stopped') this.release(workload, this.now(), 'stopped');
    return view(workload);
  }

  /**
   * Gives a workload notice: it keeps running for `noticeS` seconds, then stops as `preempted`.
   * 0 stops it now. A shorter second notice brings the stop forward; a longer one is ignored.
   */
  preemptWorkload(id: string, noticeS: number): WorkloadStatus {
    this.advance();
    if (!(noticeS >= 0) || !Number.isFinite(noticeS)) {
      throw new GpuNodeRefusal('invalid', 'noticeS must be a finite number >= 0');
    }
    const workload = this.find(id);
    if (workload.state === 'stopped')
      throw new GpuNodeRefusal('conflict', `workload ${id} is already stopped`);
    const at = this.now() + noticeS * 1000;
    workload.preemptAtMs = workload.preemptAtMs === null ? at : Math.min(workload.preemptAtMs, at);
    workload.state = 'preempting';
    this.advance();
    return view(workload);
  }

  /** Caps every GPU at `wattsPerGpu` (`null` restores the full limit). */
  setPowerLimitW(wattsPerGpu: number | null): void {
    const watts = wattsPerGpu ?? this.spec.wattsPerGpu;
    if (!Number.isFinite(watts) || watts < this.minLimitW || watts > this.spec.wattsPerGpu) {
      throw new GpuNodeRefusal(
        'invalid',
        `power limit ${watts} W per GPU outside ${this.minLimitW}-${this.spec.wattsPerGpu} W`,
      );
    }
    this.advance();
    this.limitW = watts;
  }

  workload(id: string): WorkloadStatus {
    this.advance();
    return view(this.find(id));
  }

  status(): GpuNodeStatus {
    this.advance();
    const { idleWattsPerGpu, wattsPerGpu } = this.spec;
    const cap = Math.min(this.limitW, wattsPerGpu);
    const gpus = this.holders.map((holder, index): GpuStatus => {
      const utilisation = holder ? holder.utilisation : 0;
      const powerW = idleWattsPerGpu + (cap - idleWattsPerGpu) * utilisation;
      return {
        index,
        utilisation,
        powerW,
        powerLimitW: this.limitW,
        temperatureC: Math.round((this.ambientC + 8 + 50 * (powerW / wattsPerGpu)) * 10) / 10,
        workloadId: holder ? holder.id : null,
      };
    });
    const active = [...this.workloads.values()].filter((w) => w.state !== 'stopped');
    const stopped = [...this.workloads.values()].filter((w) => w.state === 'stopped').reverse();
    return {
      id: this.spec.id,
      model: this.spec.model,
      nowMs: this.now(),
      gpus,
      powerW: gpus.reduce((sum, gpu) => sum + gpu.powerW, 0),
      utilisation: gpus.reduce((sum, gpu) => sum + gpu.utilisation, 0) / gpus.length,
      powerLimitW: this.limitW,
      powerLimitRangeW: { minW: this.minLimitW, maxW: wattsPerGpu },
      freeGpus: this.holders.filter((holder) => holder === null).length,
      throughputFactor: Math.sqrt(cap / wattsPerGpu),
      workloads: [...active, ...stopped].map(view),
    };
  }

  private find(id: string): Workload {
    const workload = this.workloads.get(id);
    if (!workload) throw new GpuNodeRefusal('not-found', `no workload ${id}`);
    return workload;
  }

  /** Ends every preemption whose notice ran out. */
  private advance(): void {
    const now = this.now();
    for (const workload of this.workloads.values()) {
      if (workload.state === 'preempting' && workload.preemptAtMs !== null && workload.preemptAtMs <= now) {
        this.release(workload, workload.preemptAtMs, 'preempted');
      }
    }
  }

  private release(workload: Workload, atMs: number, reason: StopReason): void {
    for (const gpu of workload.gpus) if (this.holders[gpu] === workload) this.holders[gpu] = null;
    workload.state = 'stopped';
    workload.gpus = [];
    workload.stoppedAtMs = atMs;
    workload.stopReason = reason;
    const stopped = [...this.workloads.values()].filter((w) => w.state === 'stopped');
    for (const old of stopped.slice(0, Math.max(0, stopped.length - this.historySize))) {
      this.workloads.delete(old.id);
    }
  }
}

function view(workload: Workload): WorkloadStatus {
  return {
    id: workload.id,
    state: workload.state,
    gpus: [...workload.gpus],
    utilisation: workload.state === 'stopped' ? 0 : workload.utilisation,
    interruptible: workload.interruptible,
    startedAtMs: workload.startedAtMs,
    preemptAtMs: workload.preemptAtMs,
    stoppedAtMs: workload.stoppedAtMs,
    stopReason: workload.stopReason,
  };
}
