import { randomUUID } from 'node:crypto';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { Alert, AuditEntry, Curtailment, GridEvent, Storage } from '../../core/ports/storage.ts';
import type { GridEventReport } from '../contracts/operations-contract.ts';

export interface SiteSelector {
  readonly siteIds?: readonly string[];
  readonly region?: string;
}

/** How a stored curtailment is carried out: the curtailed setpoint at once, then a re-plan. */
export interface CurtailmentDispatch {
  /** Publishes a curtailed setpoint to each site now (no plan). */
  publishCurtailed(siteIds: readonly string[], reason: string): Promise<void>;
  /** Reports a failure of the work done after the answer (it cannot fail the request any more). */
  onError(error: unknown, siteIds: readonly string[]): void;
}

/** Operator actions the allocator must honour: curtailments and grid (demand-response) events. */
export class OperationsService {
  /** The curtailments being carried out after their answer (tests and shutdown wait on them). */
  readonly #carrying = new Set<Promise<void>>();

  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
    /** Asks the allocation loop to re-plan the given sites now. */
    private readonly replan: (siteIds: readonly string[]) => Promise<void>,
    private readonly dispatch?: CurtailmentDispatch,
  ) {}

  /** Resolves once every curtailment answered so far has been published and re-planned. */
  async settled(): Promise<void> {
    await Promise.all([...this.#carrying]);
  }

  /**
   * Stores the curtailment (and its audit entry) and returns it; carrying it out does not hold the
   * answer up: the curtailed setpoints are published at once, then the sites re-planned (with a
   * dispatch; without one, the re-plan runs before the answer, as it must publish the setpoints).
   */
  async curtail(selector: SiteSelector, reason: string, actor: string): Promise<Curtailment> {
    const siteIds = await this.resolve(selector);
    const curtailment: Curtailment = {
      id: randomUUID(),
      siteIds,
      region: selector.region,
      startedAtMs: this.nowMs(),
      reason,
      createdBy: actor,
    };
    await this.storage.transaction(async (tx) => {
      await tx.curtailments.start(curtailment);
      await tx.audit.append({
        atMs: curtailment.startedAtMs,
        actor,
        action: 'curtailment.start',
        target: `curtailment:${curtailment.id}`,
        details: { siteIds, region: selector.region ?? null, reason },
      });
    });
    const dispatch = this.dispatch;
    if (dispatch === undefined) {
      await this.replan(siteIds);
      return curtailment;
    }
    const carrying = (async () => {
      try {
        await dispatch.publishCurtailed(siteIds, reason);
        await this.replan(siteIds);
      } catch (error) {
        dispatch.onError(error, siteIds);
      }
    })().finally(() => this.#carrying.delete(carrying));
    this.#carrying.add(carrying);
    return curtailment;
  }

  async release(id: string, actor: string): Promise<void> {
    const active = (await this.storage.curtailments.active()).find((c) => c.id === id);
    if (!active) throw new SwitchyardError('SY_ERR_NOT_FOUND', `no active curtailment ${id}`, { id });
    await this.storage.transaction(async (tx) => {
      await tx.curtailments.release(id, this.nowMs());
      await tx.audit.append({
        atMs: this.nowMs(),
        actor,
        action: 'curtailment.release',
        target: `curtailment:${id}`,
        details: {},
      });
    });
    await this.replan(active.siteIds);
  }

  async createGridEvent(
    input: SiteSelector & { startMs: number; endMs: number; shedMw?: number },
    actor: string,
  ): Promise<GridEvent> {
    if (!(input.endMs > input.startMs)) {
      throw new SwitchyardError('SY_ERR_REQUEST_INVALID', 'end must be after start', { field: 'end' });
    }
    const event: GridEvent = {
      id: randomUUID(),
      siteIds: await this.resolve(input),
      region: input.region,
      startMs: input.startMs,
      endMs: input.endMs,
      shedMw: input.shedMw,
      receivedAtMs: this.nowMs(),
      createdBy: actor,
    };
    await this.storage.transaction(async (tx) => {
      await tx.gridEvents.create(event);
      await tx.audit.append({
        atMs: event.receivedAtMs,
        actor,
        action: 'grid-event.create',
        target: `grid-event:${event.id}`,
        details: {
          siteIds: event.siteIds,
          startMs: event.startMs,
          endMs: event.endMs,
          shedMw: event.shedMw ?? null,
        },
      });
    });
    await this.replan(event.siteIds);
    return event;
  }

  /** Curtailments not yet released. */
  activeCurtailments(): Promise<Curtailment[]> {
    return this.storage.curtailments.active();
  }

  /** The newest grid events, newest first. */
  gridEvents(limit = 100): Promise<GridEvent[]> {
    return this.storage.gridEvents.list(limit);
  }

  /** Alerts, newest first (only open ones with `open`). */
  alerts(open: boolean | undefined, limit = 200): Promise<Alert[]> {
    return this.storage.alerts.list({ open, limit });
  }

  /** The audit trail, newest first, optionally of one target. */
  audit(target: string | undefined, limit = 100): Promise<AuditEntry[]> {
    return this.storage.audit.list({ target, limit });
  }

  async gridEventReport(id: string): Promise<GridEventReport> {
    const event = await this.storage.gridEvents.get(id);
    if (!event) throw new SwitchyardError('SY_ERR_NOT_FOUND', `no grid event ${id}`, { id });
    const hour = 3_600_000;
    const sites = await Promise.all(
      event.siteIds.map(async (siteId) => {
        const minutes = await this.storage.telemetry.minutes(
          siteId,
          event.startMs - hour,
          event.endMs + hour,
        );
        return {
          siteId,
          before: minutes.filter((m) => m.minuteMs < event.startMs),
          during: minutes.filter((m) => m.minuteMs >= event.startMs && m.minuteMs < event.endMs),
          after: minutes.filter((m) => m.minuteMs >= event.endMs),
          setpoints: await this.storage.setpoints.list({
            siteId,
            fromMs: event.receivedAtMs,
            toMs: event.endMs + hour,
          }),
        };
      }),
    );
    return {
      event,
      responseSeconds:
        event.allAckedAtMs !== undefined ? (event.allAckedAtMs - event.receivedAtMs) / 1000 : undefined,
      sites,
    };
  }

  /** Marks events whose every site has acked a setpoint issued after the event arrived. */
  async recordAcks(nowMs: number): Promise<void> {
    const events = await this.storage.gridEvents.overlapping(nowMs - 86_400_000, nowMs + 86_400_000);
    for (const event of events) {
      if (event.allAckedAtMs !== undefined) continue;
      let lastAck = 0;
      let all = true;
      for (const siteId of event.siteIds) {
        const acked = (
          await this.storage.setpoints.list({ siteId, fromMs: event.receivedAtMs, toMs: nowMs + 1 })
        ).find((s) => s.ackedAtMs !== undefined && s.ackOk);
        if (!acked) {
          all = false;
          break;
        }
        lastAck = Math.max(lastAck, acked.ackedAtMs!);
      }
      if (all) await this.storage.gridEvents.markAllAcked(event.id, lastAck);
    }
  }

  private async resolve(selector: SiteSelector): Promise<string[]> {
    const sites = await this.storage.sites.list();
    if (selector.siteIds && selector.siteIds.length > 0) {
      const unknown = selector.siteIds.filter((id) => !sites.some((s) => s.site.id === id));
      if (unknown.length > 0) {
        throw new SwitchyardError('SY_ERR_NOT_FOUND', `unknown site(s): ${unknown.join(', ')}`, {
          field: 'siteIds',
          unknown,
        });
      }
      return [...selector.siteIds];
    }
    if (selector.region) {
      const inRegion = sites.filter((s) => s.site.region === selector.region).map((s) => s.site.id);
      if (inRegion.length === 0) {
        throw new SwitchyardError('SY_ERR_NOT_FOUND', `no sites in region ${selector.region}`, {
          field: 'region',
        });
      }
      return inRegion;
    }
    throw new SwitchyardError('SY_ERR_REQUEST_INVALID', 'name siteIds or a region', { field: 'siteIds' });
  }
}
