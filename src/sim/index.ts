export {
  dialectForFirmware,
  type FleetFirmware,
  FleetSim,
  type FleetSimOptions,
  type SimGpuNodeEndpoint,
  type SimMinerEndpoint,
  type SimMinerOptions,
  type SimSite,
  scaledCount,
  startFleetSim,
} from './fleet-sim.ts';
export * from './gpu-emulator/index.ts';
export * from './miner-emulator/index.ts';
export { hashSeed, SeededRandom } from './seeded-random.ts';
