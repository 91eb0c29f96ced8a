import { type CaptureCase, figures } from './capture-figures.ts';
import { BITMAIN_STOCK_CASES } from './capture-sets-bitmain.ts';

export type { CaptureCase, ExpectedFigures } from './capture-figures.ts';

export const CAPTURE_CASES: readonly CaptureCase[] = [
  { dir: 'antminer/v2020', kind: 'variant', variant: 'antminer/v2020' },
  { dir: 'luxminer/v1', kind: 'variant', variant: 'luxminer/v1' },
  { dir: 'whatsminer/v2', kind: 'variant', variant: 'whatsminer/v2' },
  { dir: 'whatsminer/v3', kind: 'variant', variant: 'whatsminer/v3' },
  { dir: 'braiins/v25_07', kind: 'variant', variant: 'braiins/v25_07' },
  { dir: 'avalonminer', kind: 'variant', variant: 'avalonminer Avalon Q (soft-off)' },
  ...BITMAIN_STOCK_CASES,
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
  // Elphapex DG-Home1 just started: rates 0, elapsed 0 (MH/s units; Scrypt). Not curtailed: faulted.
  {
    dir: 'elphapex/v1',
    kind: 'read',
    serve: 'http',
    expect: figures('elphapex', 0, {
      hashrateAvgThs: 0,
      state: 'faulted',
      boards: [0, 0, 0, 0],
      fansRpm: [420, 420, 420, 1020],
      uptimeS: 0,
    }),
  },
  // DG1+: rate_5s 14920.94 MH/s, rate_avg 14199.04, per chain rate_real, fans as strings.
  {
    dir: 'elphapex/pyasic-dg1plus-1.0.2',
    kind: 'read',
    serve: 'http',
    expect: figures('elphapex', 0.0149209, {
      hashrateAvgThs: 0.014199,
      boards: [0.0035535, 0.00355011, 0.0035518, 0.00354363],
      fansRpm: [5340, 5400, 5400, 5400],
      uptimeS: 357357,
    }),
  },
  // Bitaxe AxeOS: hashRate 1000 GH/s, power 2.65 W from its power monitor, one board (one BM1368).
  {
    dir: 'bitaxe/v2_0_0',
    kind: 'read',
    serve: 'http',
    expect: figures('bitaxe', 1, {
      powerW: 2.65,
      powerSource: 'measured',
      boards: [1],
      fansRpm: [3517],
      uptimeS: 4,
    }),
  },
];
