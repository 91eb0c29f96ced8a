import type { MinerReading } from '../../src/adapters/miners/index.ts';

/** What a person reads off each capture. Every field is listed, so a value that must be `null` is checked too. */
export type ExpectedReading = Omit<MinerReading, 'endpoint' | 'readAtMs' | 'warnings'>;

const board = (
  index: number,
  hashrate5sThs: number | null,
  hashrateAvgThs: number | null,
  boardTempC: number | null,
  chipTempC: number | null,
  chips: number | null,
) => ({ index, hashrate5sThs, hashrateAvgThs, boardTempC, chipTempC, chips });

const pool = (
  index: number,
  url: string,
  user: string,
  status: 'active' | 'alive' | 'dead',
  accepted: number | null,
  rejected: number | null,
) => ({ index, url, user, status, accepted, rejected });

export const EXPECTED: Record<string, ExpectedReading> = {
  // Stock S19 Pro: 110.57 TH/s, three chains at 73/66/64 C (PCB) and 78/71/69 C (chips), four fans, pool 0 in use.
  // No power in the API: estimated from the S19 Pro nameplate (3250 W / 110 TH/s) x 110.567 TH/s.
  'antminer/v2020': {
    dialect: 'antminer-stock',
    model: 'Antminer S19 Pro',
    firmware: '49.0.1.3 (Tue Dec 6 16:12:30 CST 2022)',
    hashrate5sThs: 110.567,
    hashrateAvgThs: 111.835,
    nominalHashrateThs: 110,
    powerW: 3267,
    powerSource: 'spec-estimate',
    powerTargetW: null,
    efficiencyJPerTh: 29.55,
    boards: [
      board(0, 37.603, null, 73, 78, 114),
      board(1, 35.536, null, 66, 71, 114),
      board(2, 37.427, null, 64, 69, 114),
    ],
    fansRpm: [6000, 5880, 5040, 5040],
    pools: [
      pool(0, 'stratum+tcp://btc.global.luxor.tech:700', 'satokierepair.H04YK', 'active', 4057, 11),
      pool(1, 'stratum+tcp://btc.global.luxor.tech:700', 'satokierepair.H04YK', 'alive', 0, 0),
      pool(2, 'stratum+tcp://btc.global.luxor.tech:700', 'satokierepair.H04YK', 'alive', 0, 0),
    ],
    uptimeS: 50474,
    state: 'hashing',
    errors: [],
  },
  // LuxOS S19k Pro on the 290MHz profile (1188 W nominal), 1051 W by LuxOS' estimate (PSU: false).
  'luxminer/v1': {
    dialect: 'luxos',
    model: 'Antminer S19k Pro',
    firmware: '2025.4.8.220305-57b389c7',
    hashrate5sThs: 59.756,
    hashrateAvgThs: 56.918,
    nominalHashrateThs: 61.954,
    powerW: 1051,
    powerSource: 'firmware-estimate',
    powerTargetW: 1188,
    efficiencyJPerTh: 17.59,
    boards: [
      board(0, 19.774, 18.91, 47, 47, 77),
      board(1, 19.231, 18.94, 47, 47, 77),
      board(2, 20.752, 19.068, 47, 47, 77),
    ],
    fansRpm: [1920, 1920, 2340, 2340],
    pools: [
      pool(0, 'stratum+tcp://ca.stratum.braiins.com:3333', 'asic-rs.user1', 'active', 724, 0),
      pool(1, 'stratum+tcp://stratum.braiins.com:3333', 'asic-rs.user1', 'dead', 0, 0),
      pool(2, 'stratum+tcp://ca.stratum.braiins.com:3333', 'asic-rs.user2', 'active', 759, 1),
      pool(3, 'stratum+tcp://stratum.braiins.com:3333', 'asic-rs.user2', 'dead', 0, 0),
    ],
    uptimeS: 3453,
    state: 'hashing',
    errors: [
      {
        code: 'NOPIC_PROTECTION',
        message: '[MINER] Miner shutdown due to NOPIC protection.',
        timestamp: '2026-04-08T03:38:27+00:00',
      },
      {
        code: 'REBOOT_NOT_HASHING',
        message: '[BOARD 0] Board reboot due to it not hashing.',
        timestamp: '2026-04-08T03:38:27+00:00',
      },
    ],
  },
  // btminer 2.0.5: 124.5 TH/s realtime, 3200 W from the power board, limit 3300 W. No devdetails
  // was recorded, so the model is unknown.
  'whatsminer/v2': {
    dialect: 'whatsminer-v2',
    model: null,
    firmware: '20230803.11.REL',
    hashrate5sThs: 124.5,
    hashrateAvgThs: 125,
    nominalHashrateThs: 126,
    powerW: 3200,
    powerSource: 'measured',
    powerTargetW: 3300,
    efficiencyJPerTh: 25.7,
    boards: [
      board(0, null, 41.5, 65, 80, 135),
      board(1, null, 41.8, 66, 81, 135),
      board(2, null, 41.7, 67, 81, 135),
    ],
    fansRpm: [5400, 5280],
    pools: [
      pool(0, 'stratum+tcp://btc.example.pool:3333', 'asic-rs.test', 'active', 5412, 0),
      pool(1, 'stratum+tcp://btc2.example.pool:3333', 'asic-rs.test', 'alive', 0, 0),
      pool(2, 'stratum+tcp://btc3.example.pool:3333', 'asic-rs.test', 'alive', 0, 0),
    ],
    uptimeS: 25000,
    state: 'hashing',
    errors: [],
  },
  // API 3.0.2, M60S VK40: 171.26 TH/s, 3156 W measured, limit 3600 W; pools carry no share counts.
  'whatsminer/v3': {
    dialect: 'whatsminer-v3',
    model: 'Whatsminer M60S VK40',
    firmware: '20251209.16.Rel2',
    hashrate5sThs: 171.259,
    hashrateAvgThs: 170.8,
    nominalHashrateThs: 181.051,
    powerW: 3156,
    powerSource: 'measured',
    powerTargetW: 3600,
    efficiencyJPerTh: 18.43,
    boards: [
      board(0, 57.2, 57.1, 41.1, 80, 75),
      board(1, 57, 56.8, 40.1, 82, 75),
      board(2, 57.1, 56.9, 41.5, 81, 75),
    ],
    fansRpm: [5400, 5280],
    pools: [
      pool(0, 'stratum+tcp://btc.example.pool:3333', 'asic-rs.test', 'active', null, null),
      pool(1, 'stratum+tcp://btc2.example.pool:3333', 'asic-rs.test', 'alive', null, null),
      pool(2, 'stratum+tcp://btc3.example.pool:3333', 'asic-rs.test', 'alive', null, null),
    ],
    uptimeS: 50000,
    state: 'hashing',
    errors: [],
  },
  // Braiins OS 25.07 on an S19 XP: 141.46 TH/s, 3137 W approximated by the tuner, target 3031 W.
  'braiins/v25_07': {
    dialect: 'braiins-os',
    model: 'Antminer S19 XP',
    firmware: '2025-08-06-0-3881c51d-25.07-plus',
    hashrate5sThs: 141.464,
    hashrateAvgThs: 138.207,
    nominalHashrateThs: 142.877,
    powerW: 3137,
    powerSource: 'firmware-estimate',
    powerTargetW: 3031,
    efficiencyJPerTh: 21.79,
    boards: [
      board(0, 50.138, 46.463, 55.5, 70.5, 110),
      board(1, 47.859, 43.704, 52, 67, 110),
      board(2, 50.363, 48.07, 54, 69, 110),
    ],
    fansRpm: [5904, 5874, 5874, 5904],
    pools: [
      pool(0, 'stratum+tcp://example.pool.com:3333', 'asic_rs.test', 'active', 10460, 18),
      pool(1, 'stratum+tcp://example.pool2.com:3333', 'asic_rs.test', 'alive', 4, 0),
    ],
    uptimeS: 69685,
    state: 'hashing',
    errors: [
      ['2026-03-22T05:43:43.268950Z', 'Failed to resolve ("a830bcc3.bos.braiins.com", 3336)'],
      ['2026-03-22T05:44:14.317114Z', 'Failed to resolve ("a830bcc3.bos.braiins.com", 3336)'],
      ['2026-03-27T08:12:38.813916Z', 'Failed to resolve ("mine.ocean.xyz", 3334)'],
      ['2015-01-01T00:00:37.638808Z', 'Failed to resolve ("mine.ocean.xyz", 3334)'],
      ['2015-01-01T00:00:47.652530Z', 'Failed to resolve ("a830bcc3.bos.braiins.com", 3336)'],
      ['2015-01-01T00:01:10.020560Z', 'Failed to resolve ("mine.ocean.xyz", 3334)'],
      ['2015-01-01T00:01:10.019820Z', 'Failed to resolve ("a830bcc3.bos.braiins.com", 3336)'],
      ['2026-04-08T08:03:18.155033Z', 'Failed to resolve ("a830bcc3.bos.braiins.com", 3336)'],
    ].map(([timestamp, message]) => ({ code: null, message: message!, timestamp: timestamp! })),
  },
  // Avalon Q after a softoff ("Work: In Idle", SoftOFF[4]): 0 TH/s, fans stopped, PSU output 0 W,
  // chip temperatures not read (TMax[0]).
  'avalonminer Avalon Q (soft-off)': {
    dialect: 'avalon',
    model: 'Avalon Q',
    firmware: '25052801_14a19a2',
    hashrate5sThs: 0,
    hashrateAvgThs: 44.54,
    nominalHashrateThs: 55.033,
    powerW: 0,
    powerSource: 'measured',
    powerTargetW: 800,
    efficiencyJPerTh: null,
    boards: [board(0, null, 44.499, 27, null, 160)],
    fansRpm: [0, 0, 0, 0],
    pools: [pool(0, 'stratum+tcp://pool.example.com:4444', 'worker1', 'active', 890, 2)],
    uptimeS: 37714,
    state: 'sleeping',
    errors: [],
  },
  // Avalon 1246 hashing (only `stats` was recorded): 81.07 TH/s, PSU 3189 W, 3 boards.
  'avalonminer Avalon 1246 (stats only)': {
    dialect: 'avalon',
    model: 'Avalon 1246',
    firmware: '1246-83-21072802_4ec6bb0_211fc46',
    hashrate5sThs: 81.073,
    hashrateAvgThs: 79.657,
    nominalHashrateThs: 83.923,
    powerW: 3189,
    powerSource: 'measured',
    powerTargetW: 3200,
    efficiencyJPerTh: 39.33,
    boards: [
      board(0, null, 26.907, null, 77, 120),
      board(1, null, 26.025, null, 77, 120),
      board(2, null, 26.725, null, 76, 120),
    ],
    fansRpm: [5344, 5392, 5349, 5309],
    pools: null,
    uptimeS: 24684,
    state: 'hashing',
    errors: [],
  },
};

EXPECTED['whatsminer/v2 with errors'] = {
  ...EXPECTED['whatsminer/v2']!,
  errors: [
    { code: '218', message: 'error code 218', timestamp: '2024-06-15 10:30:00' },
    { code: '110', message: 'error code 110', timestamp: '2024-06-15 09:15:00' },
  ],
};

EXPECTED['whatsminer/v3 with errors'] = {
  ...EXPECTED['whatsminer/v3']!,
  errors: [
    ['264', '2026-05-23 09:19:10', 'Power xfer error. code: 0xffffffffc0000000'],
    ['265', '2026-05-23 09:19:10', 'Power Unknow error. code: 0xffffffffc0000000'],
    ['266', '2026-05-23 09:19:11', 'Power Unknow error. code: 0xffffffffc0000000'],
    ['267', '2026-05-23 09:19:11', 'Power watch dog protected. code: 0xffffffffc0000000'],
    ['270', '2026-05-23 09:19:11', 'Power input over-voltage warning. code: 0xffffffffc0000000'],
  ].map(([code, timestamp, message]) => ({ code: code!, message: message!, timestamp: timestamp! })),
};
