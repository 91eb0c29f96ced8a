import type { MinerDialect, MinerState, PowerSource } from '../../src/adapters/miners/index.ts';

/** The figures a person reads off a capture; every one is checked against the client's reading. */
export interface ExpectedFigures {
  readonly dialect: MinerDialect;
  readonly hashrate5sThs: number | null;
  readonly hashrateAvgThs: number | null;
  readonly powerW: number | null;
  readonly powerSource: PowerSource | null;
  readonly powerTargetW: number | null;
  readonly state: MinerState;
  /** Per-board 5 s TH/s in the firmware's order (`null` entries: not reported); `null`: no boards listed. */
  readonly boards: readonly (number | null)[] | null;
  readonly fansRpm: readonly number[] | null;
  readonly uptimeS: number | null;
}

/**
 * What each capture folder of `../shared/fixtures/miners` holds and what it must give:
 * - `read`: served over its real transports (`cgminer` TCP 4028 style, `http` web port), detected with
 *   `detectDialect` and read through the detected client;
 * - `detect`: replies that identify the firmware but carry no reading (version-only captures);
 * - `unsupported`: a firmware this library names but has no client for;
 * - `variant`: the folders `fixture-variants.ts` serves (their readings are in `expected-readings.ts`);
 * - `files`: web configs, tokens and LuCI maps no reading is made of (each still goes through its parser).
 * Figures are what the replies say: e.g. `GHS 5s` 110786.79 GH/s -> 110.787 TH/s; `mhs5S` 7160208.94
 * MH/s -> 7.16 TH/s; Scrypt/X11/Ethash/Equihash Antminers' `GHS` fields hold MH/s (504.56 -> 0.00050456).
 */
export type CaptureCase =
  | {
      readonly dir: string;
      readonly kind: 'read';
      readonly serve: 'cgminer' | 'http' | 'both';
      readonly expect: ExpectedFigures;
    }
  | { readonly dir: string; readonly kind: 'detect'; readonly file?: string; readonly dialect: MinerDialect }
  | {
      readonly dir: string;
      readonly kind: 'unsupported';
      readonly serve: 'cgminer' | 'http';
      readonly names: RegExp;
    }
  | { readonly dir: string; readonly kind: 'variant'; readonly variant: string }
  | { readonly dir: string; readonly kind: 'files' };

const figures = (
  dialect: MinerDialect,
  hashrate5sThs: number | null,
  rest: Partial<Omit<ExpectedFigures, 'dialect' | 'hashrate5sThs'>>,
): ExpectedFigures => ({
  dialect,
  hashrate5sThs,
  hashrateAvgThs: null,
  powerW: null,
  powerSource: null,
  powerTargetW: null,
  state: 'hashing',
  boards: null,
  fansRpm: null,
  uptimeS: null,
  ...rest,
});

export const CAPTURE_CASES: readonly CaptureCase[] = [
  { dir: 'antminer/v2020', kind: 'variant', variant: 'antminer/v2020' },
  { dir: 'luxminer/v1', kind: 'variant', variant: 'luxminer/v1' },
  { dir: 'whatsminer/v2', kind: 'variant', variant: 'whatsminer/v2' },
  { dir: 'whatsminer/v3', kind: 'variant', variant: 'whatsminer/v3' },
  { dir: 'braiins/v25_07', kind: 'variant', variant: 'braiins/v25_07' },
  { dir: 'avalonminer', kind: 'variant', variant: 'avalonminer Avalon Q (soft-off)' },
  // Stock Antminer, stats only (summary refused): the chain block's GHS 5s / GHS av / Elapsed.
  {
    dir: 'antminer/foreman-s19pro-cold',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-stock', 110.787, {
      hashrateAvgThs: 111.73,
      powerW: 3273,
      powerSource: 'spec-estimate',
      boards: [37.735, 38.109, 34.942],
      fansRpm: [5520, 5400, 5040, 5040],
      uptimeS: 82852,
    }),
  },
  // Mode 2 (working) yet GHS 5s 0.0 and chains at 96/90/88 C: faulted, not asleep.
  {
    dir: 'antminer/foreman-s19pro-overheating',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-stock', 0, {
      hashrateAvgThs: 93.557,
      state: 'faulted',
      boards: [0, 0, 0],
      fansRpm: [6000, 5880, 6120, 6120],
      uptimeS: 321734,
    }),
  },
  // Mode 254: asleep (fans stopped, fan_num 0, every chain at 0 with no chips answering).
  {
    dir: 'antminer/foreman-s17plus',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-stock', 0, {
      hashrateAvgThs: 0,
      state: 'sleeping',
      boards: [],
      fansRpm: [],
      uptimeS: 279,
    }),
  },
  {
    dir: 'antminer/foreman-s9k',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-stock', 14.359, {
      hashrateAvgThs: 14.253,
      boards: [4.662, 4.816, 4.882],
      fansRpm: [2280, 3720],
      uptimeS: 367506,
    }),
  },
  {
    dir: 'antminer/foreman-l3plus',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-stock', 0.00050456, {
      hashrateAvgThs: 0.00050028,
      boards: [0.00012612, 0.00012579, 0.00012606, 0.00012659],
      fansRpm: [3840, 3810],
      uptimeS: 393983,
    }),
  },
  {
    dir: 'antminer/foreman-e3',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-stock', 0.0001973, {
      hashrateAvgThs: 0.00019956,
      boards: [
        0.00002097, 0.00002449, 0.00002114, 0.00002181, 0.00002298, 0.00001879, 0.00002298, 0.00002399,
        0.00002013,
      ],
      fansRpm: [0, 0],
      uptimeS: 556,
    }),
  },
  {
    dir: 'antminer/foreman-d3-blissz',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-aftermarket', 0.0163466, {
      hashrateAvgThs: 0.0168684,
      boards: [0.00528783, 0.00563141, 0.00542741],
      fansRpm: [6030, 5790],
      uptimeS: 54422,
    }),
  },
  {
    dir: 'antminer/foreman-z11',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-stock', 0.00014154, {
      hashrateAvgThs: 0.00013959,
      boards: [0.00005324, 0.00004226, 0.00004603],
      fansRpm: [5640, 5760],
      uptimeS: 68493,
    }),
  },
  // GHS 5s 145474.39 is ~1000x its chains (42.59 + 47.84 + 55.04 ksol/s): the chains are believed.
  {
    dir: 'antminer/foreman-z11-chipless',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-aftermarket', 0.00014547, {
      hashrateAvgThs: 0.143682,
      boards: [0.00004259, 0.00004784, 0.00005504],
      fansRpm: [3000, 3000],
      uptimeS: 20578,
    }),
  },
  {
    dir: 'antminer/foreman-s9-v1.3.58',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-stock', 13.884, {
      hashrateAvgThs: 13.89,
      boards: [4.619, 4.625, 4.64],
      fansRpm: [0, 0],
      uptimeS: 293628,
    }),
  },
  // Trimmed stats: no chains, but `chain_power` "3250 W" (the firmware's figure).
  {
    dir: 'antminer/protofleet-s21',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-stock', 203.007, {
      hashrateAvgThs: 203.676,
      powerW: 3250,
      powerSource: 'firmware-estimate',
      fansRpm: [6000, 5880, 5040, 5040],
      uptimeS: 59129,
    }),
  },
  { dir: 'antminer/foreman-s9', kind: 'detect', dialect: 'antminer-stock' },
  { dir: 'antminer/foreman-versions', kind: 'detect', file: 'version-b3.json', dialect: 'antminer-stock' },
  {
    dir: 'antminer/foreman-versions',
    kind: 'detect',
    file: 'version-s17plus.json',
    dialect: 'antminer-stock',
  },
  {
    dir: 'antminer/foreman-versions',
    kind: 'detect',
    file: 'version-s19pro.json',
    dialect: 'antminer-stock',
  },
  {
    dir: 'antminer/foreman-versions',
    kind: 'detect',
    file: 'version-s9i-bmminer-2.4.2.json',
    dialect: 'antminer-stock',
  },
  { dir: 'antminer/foreman-versions', kind: 'detect', file: 'version-z9.json', dialect: 'antminer-stock' },
  {
    dir: 'antminer/foreman-versions',
    kind: 'detect',
    file: 'version-z9mini.json',
    dialect: 'antminer-stock',
  },
  { dir: 'antminer/foreman-l3', kind: 'files' },
  { dir: 'antminer/foreman-s19pro-web', kind: 'files' },
  { dir: 'antminer/foreman-s17plus-web', kind: 'files' },
  {
    dir: 'hiveon/foreman-s9-a',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-aftermarket', 11.781, {
      hashrateAvgThs: 11.61,
      boards: [3.912, 3.914, 3.956],
      fansRpm: [0, 0],
      uptimeS: 69,
    }),
  },
  {
    dir: 'hiveon/foreman-s9-b',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-aftermarket', 11.814, {
      hashrateAvgThs: 11.793,
      boards: [3.968, 3.956, 3.89],
      fansRpm: [0, 0],
      uptimeS: 136,
    }),
  },
  {
    dir: 'asicseer/foreman-s9',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-aftermarket', 13.402, {
      hashrateAvgThs: 12.743,
      boards: [4.468, 4.431, 4.503],
      fansRpm: [0, 0],
      uptimeS: 102,
    }),
  },
  {
    dir: 'mskminer/foreman-s9',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-aftermarket', 9.04, {
      hashrateAvgThs: 12.461,
      boards: [2.856, 3.054, 3.129],
      fansRpm: [0],
      uptimeS: 16,
    }),
  },
  {
    dir: 'mskminer/pyasic-s19-2.6.0.39',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-aftermarket', 99.99, {
      hashrateAvgThs: 99.761,
      boards: [34.085, 32.304, 33.601],
      fansRpm: [5010, 5160, 5070, 5040],
      uptimeS: 1926,
    }),
  },
  // VNish over the bmminer API only (no web recording): read-only.
  {
    dir: 'vnish/foreman-s9-3.8.6',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-aftermarket', 12.795, {
      hashrateAvgThs: 12.901,
      boards: [4.264, 4.298, 4.233],
      fansRpm: [0, 0],
      uptimeS: 3617,
    }),
  },
  {
    dir: 'vnish/foreman-s17plus-2.0.3',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('antminer-aftermarket', 77.459, {
      hashrateAvgThs: 77.544,
      boards: [24.327, 26.8, 26.332],
      fansRpm: [6120, 6120, 5160, 5160],
      uptimeS: 1201,
    }),
  },
  // VNish 1.2.7: hr_realtime 173870.94 GH/s, 2583 W metered by the PSU, preset 2800 W (perf-summary).
  {
    dir: 'vnish/protofleet-s21pro-1.2.7',
    kind: 'read',
    serve: 'both',
    expect: figures('vnish', 173.871, {
      hashrateAvgThs: 174.375,
      powerW: 2583,
      powerSource: 'measured',
      powerTargetW: 2800,
      boards: [60.797, 57.767, 55.307],
      fansRpm: [5880, 5880, 5940, 5940],
      uptimeS: 4422,
    }),
  },
  // Braiins OS+ GraphQL: mhs5S, approxConsumptionW (tuner estimate), autotuning powerTarget / limitW.
  {
    dir: 'braiins/v21_09',
    kind: 'read',
    serve: 'both',
    expect: figures('braiins-graphql', 7.16, {
      powerW: 735,
      powerSource: 'firmware-estimate',
      powerTargetW: 900,
      boards: [2.967, 3.023, 2.947],
      fansRpm: [4080, 5580, 0, 0],
      uptimeS: 1189,
    }),
  },
  {
    dir: 'braiins/v25_03',
    kind: 'read',
    serve: 'http',
    expect: figures('braiins-graphql', 251.235, {
      powerW: 4448,
      powerSource: 'firmware-estimate',
      powerTargetW: 3878,
      boards: [83.918, 83.284, 83.301],
      fansRpm: [6418, 6448, 6328, 5998],
      uptimeS: 96949,
    }),
  },
  {
    dir: 'braiins/v25_05',
    kind: 'read',
    serve: 'both',
    expect: figures('braiins-graphql', 205.75, {
      powerW: 3698,
      powerSource: 'firmware-estimate',
      powerTargetW: 3878,
      boards: [64.802, 73.42, 72.2],
      fansRpm: [6421, 6391, 6061, 6331],
      uptimeS: 693609,
    }),
  },
  // BOSminer 0.2.0 cgminer API: devs not recorded, so boards carry the temps' Board values only.
  {
    dir: 'braiins/foreman-s9-bosminer-0.2.0',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('bosminer', 14.274, {
      hashrateAvgThs: 16.698,
      boards: [null, null, null],
      fansRpm: [1560, 1560, 0, 0],
      uptimeS: 92,
    }),
  },
  { dir: 'braiins/foreman-s9-bos-2018', kind: 'detect', dialect: 'antminer-aftermarket' },
  { dir: 'braiins/foreman-luci', kind: 'files' },
  // Old cgminer-based Whatsminer (Description "cgminer 4.9.2"): named by its MicroBT summary fields.
  {
    dir: 'whatsminer/foreman-m3',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('whatsminer-v1', 12.287, {
      hashrateAvgThs: 11.764,
      fansRpm: [5730, 5880],
      uptimeS: 43685,
    }),
  },
  {
    dir: 'whatsminer/foreman-m20s-oldfw',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('whatsminer-v1', 65.371, {
      hashrateAvgThs: 65.492,
      fansRpm: [4590, 4560],
      uptimeS: 97139,
    }),
  },
  // btminer API 1.x: MHS 5s 116472006.19 (the summary's 5 s figure, not HS RT 96.4), boards in edevs.
  {
    dir: 'whatsminer/foreman-m31s-btminer',
    kind: 'read',
    serve: 'cgminer',
    expect: figures('whatsminer-v1', 116.472, {
      hashrateAvgThs: 99.794,
      powerW: 3496,
      powerSource: 'measured',
      powerTargetW: 3600,
      boards: [31.121, 33.993, 34.677],
      fansRpm: [3870, 3930],
      uptimeS: 1216997,
    }),
  },
  { dir: 'whatsminer/foreman-api-v1', kind: 'files' },
  { dir: 'elphapex/v1', kind: 'unsupported', serve: 'http', names: /^Elphapex DG-Home1/ },
  { dir: 'elphapex/pyasic-dg1plus-1.0.2', kind: 'unsupported', serve: 'http', names: /^Elphapex DG1\+/ },
  { dir: 'bitaxe/v2_0_0', kind: 'unsupported', serve: 'http', names: /^Bitaxe AxeOS v2\.4\.5/ },
];
