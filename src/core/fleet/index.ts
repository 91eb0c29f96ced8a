export { checkFleetReferences, type FleetCatalog } from './fleet-references.ts';
export {
  type Battery,
  type DemandResponseEvent,
  type Fleet,
  type FleetInput,
  firmwareDialects,
  fleetSchema,
  type GpuNodeGroup,
  type MinerGroup,
  powerTargetFirmware,
  type Site,
  type Supply,
} from './fleet-schema.ts';
export { minerGroupCapability } from './miner-segments.ts';
export { formatPath, parseFleet } from './parse-fleet.ts';
