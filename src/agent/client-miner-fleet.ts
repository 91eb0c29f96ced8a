import {
  builtInSpecs,
  type ControlResult,
  type MinerCapabilities,
  type MinerClient,
  type MinerReading,
  type ModelSpecLookup,
} from '../adapters/miners/index.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { MinerFleet, MinerObservation, Nameplate } from './miner-fleet.ts';

export interface ClientMinerFleetOptions {
  /** Nameplate by model name; the miners library's built-in table by default. */
  readonly specs?: ModelSpecLookup;
  /** How long a miner's capabilities are reused before they are asked again, ms. Default 1 h. */
  readonly capabilitiesTtlMs?: number;
  /** Times the capabilities cache; wall time by default. */
  readonly clock?: Clock;
  /**
   * For the emergency path (sleepNow): a client for the same miner whose commands read it back once,
   * at once (quick-client.ts), made the first time it is needed. Without it, sleepNow is sleep().
   */
  readonly quickClient?: (client: MinerClient) => MinerClient;
}

interface CachedCapabilities {
  readonly capabilities: MinerCapabilities;
  readonly model: string | null;
  readonly atMs: number;
}

const wallClock: Clock = { nowMs: () => Date.now() };

/**
 * The real MinerFleet: one MinerClient per miner, the miner's id being the client's `host:port`.
 * Capabilities cost a round trip on some firmware (LuxOS profiles, Braiins constraints), so they
 * are cached per miner for `capabilitiesTtlMs` and asked again when the reported model changes;
 * when asking fails, the cached answer is used if there is one.
 */
export class ClientMinerFleet implements MinerFleet {
  readonly #clients = new Map<string, MinerClient>();
  readonly #specs: ModelSpecLookup;
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #capabilities = new Map<string, CachedCapabilities>();
  readonly #quickClient: ((client: MinerClient) => MinerClient) | undefined;
  readonly #quick = new Map<string, MinerClient>();

  constructor(clients: readonly MinerClient[], options: ClientMinerFleetOptions = {}) {
    for (const client of clients) {
      if (this.#clients.has(client.endpoint)) {
        throw new TypeError(`miner ${client.endpoint} is listed twice`);
      }
      this.#clients.set(client.endpoint, client);
    }
    this.#specs = options.specs ?? builtInSpecs;
    this.#ttlMs = options.capabilitiesTtlMs ?? 3_600_000;
    this.#clock = options.clock ?? wallClock;
    this.#quickClient = options.quickClient;
  }

  ids(): readonly string[] {
    return [...this.#clients.keys()];
  }

  async observe(minerId: string): Promise<MinerObservation> {
    const client = this.#client(minerId);
    const reading = await client.read();
    const capabilities = await this.#capabilitiesOf(minerId, client, reading.model);
    return { reading, capabilities, nameplate: nameplateOf(reading, capabilities, this.#specs) };
  }

  sleep(minerId: string): Promise<ControlResult> {
    return this.#client(minerId).sleep();
  }

  sleepNow(minerId: string): Promise<ControlResult> {
    const client = this.#client(minerId);
    if (this.#quickClient === undefined) return client.sleep();
    let quick = this.#quick.get(minerId);
    if (quick === undefined) {
      quick = this.#quickClient(client);
      this.#quick.set(minerId, quick);
    }
    return quick.sleep();
  }

  wake(minerId: string): Promise<ControlResult> {
    return this.#client(minerId).wake();
  }

  setPowerTarget(minerId: string, watts: number): Promise<ControlResult> {
    return this.#client(minerId).setPowerTarget(watts);
  }

  async #capabilitiesOf(
    minerId: string,
    client: MinerClient,
    model: string | null,
  ): Promise<MinerCapabilities> {
    const cached = this.#capabilities.get(minerId);
    const nowMs = this.#clock.nowMs();
    if (cached !== undefined && cached.model === model && nowMs - cached.atMs < this.#ttlMs) {
      return cached.capabilities;
    }
    try {
      const capabilities = await client.capabilities();
      this.#capabilities.set(minerId, { capabilities, model, atMs: nowMs });
      return capabilities;
    } catch (error) {
      if (cached !== undefined) return cached.capabilities;
      throw error;
    }
  }

  #client(minerId: string): MinerClient {
    const client = this.#clients.get(minerId);
    if (client === undefined) throw new TypeError(`no miner ${minerId} in this fleet`);
    return client;
  }
}

/**
 * A miner's nameplate: the model table's when the model is known, else the firmware's nominal
 * hashrate with the top of its power range; null when neither is there.
 */
export function nameplateOf(
  reading: MinerReading,
  capabilities: MinerCapabilities,
  specs: ModelSpecLookup,
): Nameplate | null {
  const spec = reading.model === null ? null : specs(reading.model);
  if (spec !== null) return { hashrateThs: spec.hashrateThs, powerW: spec.powerW };
  const hashrateThs = reading.nominalHashrateThs;
  const powerW = capabilities.maxPowerW;
  if (hashrateThs !== null && hashrateThs > 0 && powerW !== null && powerW > 0)
    return { hashrateThs, powerW };
  return null;
}
