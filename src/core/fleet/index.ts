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
export {
  type AncillaryOffer,
  type AncillaryService,
  ancillaryServices,
  type EmergencyResponseProgramme,
  type FourCpProgramme,
  type GridProgrammes,
  gridProgrammesSchema,
  loadReducingServices,
  serviceResponseLimitSeconds,
} from './grid-programmes-schema.ts';
export { minerGroupCapability } from './miner-segments.ts';
export { formatPath, parseFleet } from './parse-fleet.ts';
