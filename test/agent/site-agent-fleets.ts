import type { FakeMinerFleet } from '../../src/agent/fake-miner-fleet.ts';
import { S19, S21 } from './agent-harness.ts';

/** 4 x S19j Pro (29.5 J/TH) and 4 x S21 (17.5 J/TH), all hashing: 26.272 kW. */
export const mixedFleet = (fleet: FakeMinerFleet) =>
  fleet.withMiners('s19', 4, S19).withMiners('s21', 4, S21);
