import type {
  GpuPoolCapacity,
  Invoice,
  Lease,
  MeterSegment,
  Quote,
  Tenant,
} from '../../core/marketplace/marketplace-types.ts';

/**
 * The marketplace's part of a MemoryState: plain maps, so the state's snapshot (structuredClone)
 * takes it along and a rolled-back transaction restores it.
 */
export interface MemoryMarketplace {
  tenants: Map<string, { tenant: Tenant; gpusHeld: number }>;
  /** `siteId NUL groupId` -> pool */
  pools: Map<string, GpuPoolCapacity>;
  quotes: Map<string, Quote>;
  leases: Map<string, Lease>;
  /** `tenantId NUL idempotencyKey` -> lease id */
  leaseKeys: Map<string, string>;
  /** quote id -> the lease it booked */
  quoteUses: Map<string, string>;
  /** lease id -> cents it committed the tenant to at booking */
  commitments: Map<string, number>;
  /** lease id -> seq -> segment */
  segments: Map<string, Map<number, MeterSegment>>;
  /** `tenantId NUL month` -> invoice */
  invoices: Map<string, Invoice>;
}

export function emptyMarketplace(): MemoryMarketplace {
  return {
    tenants: new Map(),
    pools: new Map(),
    quotes: new Map(),
    leases: new Map(),
    leaseKeys: new Map(),
    quoteUses: new Map(),
    commitments: new Map(),
    segments: new Map(),
    invoices: new Map(),
  };
}

/** The key of a map entry named by two strings (ids never contain NUL). */
export function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}
