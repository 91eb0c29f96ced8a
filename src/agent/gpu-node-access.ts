export type { GpuNodeAccess, GpuNodeReading, GpuWorkload } from '../core/ports/gpu-node-access.ts';
