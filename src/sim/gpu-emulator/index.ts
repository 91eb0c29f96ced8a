export {
  EmulatedGpuNode,
  type EmulatedGpuNodeOptions,
  type GpuNodeSpec,
  type GpuNodeStatus,
  type GpuStatus,
  type StopReason,
  type WorkloadState,
  type WorkloadStatus,
} from './emulated-gpu-node.ts';
export { GpuNodeRefusal } from './gpu-node-refusal.ts';
export { GpuNodeServer, routeGpuNodeRequest } from './gpu-node-server.ts';
