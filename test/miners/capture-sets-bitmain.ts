import { type CaptureCase, figures } from './capture-figures.ts';

/**
 * Stock Bitmain firmware captures of the table in `capture-sets.ts` (and the Blissz/Chipless builds
 * recorded with them). Figures are what the replies say.
 */
export const BITMAIN_STOCK_CASES: readonly CaptureCase[] = [
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
  // The web interface alone (no cgminer API recorded): named, and said to need its cgminer API.
  {
    dir: 'antminer/foreman-s19pro-web',
    kind: 'unsupported',
    serve: 'http',
    names: /^Antminer web interface \(Antminer S19 Pro\) without a cgminer API/,
  },
  { dir: 'antminer/foreman-s17plus-web', kind: 'files' },
];
