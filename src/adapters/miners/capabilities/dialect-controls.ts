import type { MinerDialect } from '../miner-reading.ts';

/**
 * What a dialect's client does for each control, in the firmware's own words; `null` when the client
 * has no such command (it then throws `UnsupportedCommandError` before sending anything).
 */
export interface DialectControls {
  /** Firmware and API this dialect is. */
  readonly firmware: string;
  /** Transport and default port. */
  readonly transport: string;
  /** The replies a reading is made of. */
  readonly read: string;
  readonly sleep: string | null;
  readonly wake: string | null;
  readonly powerTarget: string | null;
  /** Turning single hash boards off. No client does this yet. */
  readonly hashboardDisable: string | null;
  /** How a control command is confirmed (every client reads back; `null` when it has no controls). */
  readonly readBack: string | null;
  /** Recorded replies the tests replay, or "published API only". */
  readonly evidence: string;
}

const READ_BACK_STATE = 'reads until the state is sleeping/off (sleep) or not (wake)';

/** The control table every client follows; `docs/miner-capabilities.md` is generated from it. */
export const DIALECT_CONTROLS: Readonly<Record<MinerDialect, DialectControls>> = {
  'antminer-stock': {
    firmware: 'Bitmain stock cgminer/bmminer',
    transport: 'TCP 4028 cgminer JSON; web CGI on 80 (HTTP Digest)',
    read: '`summary` (else `stats`), `stats`, `pools`, `version`; work mode from stats `Mode` or `get_miner_conf.cgi`',
    sleep: '`set_miner_conf.cgi` `miner-mode` 1, config posted back whole',
    wake: '`set_miner_conf.cgi` `miner-mode` 0',
    powerTarget: null,
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; work mode from the web config`,
    evidence: 'antminer/* captures',
  },
  'antminer-aftermarket': {
    firmware: 'Hiveon, ASICseer, MSKminer, Blissz, Chipless, Braiins OS 2018, VNish without its REST API',
    transport: 'TCP 4028 (bmminer API)',
    read: 'as stock: `summary` (else `stats`), `stats`, `pools`, `version`',
    sleep: null,
    wake: null,
    powerTarget: null,
    hashboardDisable: null,
    readBack: null,
    evidence: 'hiveon/*, asicseer/*, mskminer/*, vnish/foreman-*, antminer/foreman-d3-blissz, -z11-chipless',
  },
  vnish: {
    firmware: 'VNish (AnthillOS) 1.2+',
    transport: 'HTTP 80 `/api/v1` (bearer token from `unlock`); bmminer API on 4028',
    read: '`summary`, `info`, `perf-summary`',
    sleep: '`POST mining/stop`',
    wake: '`POST mining/start`',
    powerTarget: 'autotune preset with the most W not above the target (`POST settings` overclock.preset)',
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; preset from \`perf-summary\``,
    evidence: 'vnish/protofleet-s21pro-1.2.7',
  },
  luxos: {
    firmware: 'LuxOS (LUXminer)',
    transport: 'TCP 4028, session for privileged commands',
    read: '`summary`, `stats`, `devs`, `pools`, `power`, `config`, `profiles`, `fans`, `temps`, `version`, `events`',
    sleep: '`curtail sleep`',
    wake: '`curtail wakeup`',
    powerTarget: '`profileset` to the profile with the most W not above the target',
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; profile power from \`config\``,
    evidence: 'luxminer/v1',
  },
  'whatsminer-v1': {
    firmware: 'Whatsminer btminer API 1.x and older cgminer-based Whatsminer firmware',
    transport: 'TCP 4028, privileged commands AES-encrypted with a `get_token` key',
    read: '`summary` (`MHS 5s`), `devs` else `edevs`, `pools`, `status` (`btmineroff`)',
    sleep: '`power_off`',
    wake: '`power_on`',
    powerTarget: null,
    hashboardDisable: null,
    readBack: READ_BACK_STATE,
    evidence: 'whatsminer/foreman-*',
  },
  'whatsminer-v2': {
    firmware: 'Whatsminer btminer API 2.x',
    transport: 'TCP 4028, privileged commands AES-encrypted with a `get_token` key',
    read: '`summary`, `devs`, `pools`, `devdetails`, `get_version`, `status` (`mineroff`), `get_error_code`',
    sleep: '`power_off`',
    wake: '`power_on`',
    powerTarget: '`adjust_power_limit` (API 2.0.5+, at most the nameplate)',
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; \`Power Limit\` from \`summary\``,
    evidence: 'whatsminer/v2',
  },
  'whatsminer-v3': {
    firmware: 'Whatsminer API 3.x',
    transport: 'TCP 4433, 4-byte length prefix, salted token',
    read: '`get.device.info`, `get.miner.status` summary/pools/edevs',
    sleep: '`set.miner.service stop`',
    wake: '`set.miner.service start`',
    powerTarget: '`set.miner.power_limit` (at most the nameplate)',
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; \`power-limit\``,
    evidence: 'whatsminer/v3',
  },
  'braiins-os': {
    firmware: 'Braiins OS 25.x REST',
    transport: 'HTTP 80 `/api/v1`, login on 401',
    read: 'miner details/stats, hashboards, cooling, pools, tuner state, configuration, errors',
    sleep: '`PUT actions/pause`',
    wake: '`PUT actions/resume`',
    powerTarget: '`PUT performance/power-target` (range from `configuration/constraints`)',
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; tuner power target`,
    evidence: 'braiins/v25_07',
  },
  'braiins-graphql': {
    firmware: 'Braiins OS+ 21.09 to 25.05 GraphQL',
    transport: 'HTTP 80 `POST /graphql`, session cookie from `auth.login`',
    read: 'system (`mhs5S`, power, fans), `childSolvers`, autotuning, pool groups',
    sleep: '`bosminer { stop }`',
    wake: '`bosminer { start }`',
    powerTarget: '`updateAutotuning(input: { powerTarget }, apply: true)` (range from autotuning metadata)',
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; autotuning \`powerTarget\``,
    evidence: 'braiins/v21_09, v25_03, v25_05',
  },
  'braiins-grpc': {
    firmware: 'Braiins OS 23.03+ public gRPC API (`braiins.bos.v1`, bos-plus-api protos)',
    transport: 'HTTP/2 gRPC on 50051, `authorization` token from `AuthenticationService/Login`',
    read: '`GetMinerDetails`, `GetMinerStats`, `GetHashboards`, `GetCoolingState`, `GetPoolGroups`, `GetTunerState`, `GetErrors`',
    sleep: '`ActionsService/PauseMining`',
    wake: '`ActionsService/ResumeMining` (`Start` when bosminer is not started)',
    powerTarget:
      '`PerformanceService/SetPowerTarget` (save and apply; range from `GetConstraints`); also `SetHashrateTarget`',
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; \`GetTunerState\` current target`,
    evidence: 'published protos only (braiins/bos-plus-api 1.x): no recorded reply',
  },
  bosminer: {
    firmware: "BOSminer's cgminer-compatible API (Braiins OS before REST, Braiins OS+ without GraphQL)",
    transport: 'TCP 4028',
    read: '`summary`, `devs`, `temps`, `fans`, `pools`, `tunerstatus`, `version`',
    sleep: '`pause`',
    wake: '`resume`',
    powerTarget: null,
    hashboardDisable: null,
    readBack: READ_BACK_STATE,
    evidence: 'braiins/foreman-s9-bosminer-0.2.0',
  },
  avalon: {
    firmware: 'Canaan Avalon cgminer',
    transport: 'TCP 4028',
    read: '`version`, `summary`, `stats`/`litestats` (MM pairs), `pools`',
    sleep: '`ascset 0,softoff` (when `ascset 0,help` lists it)',
    wake: '`ascset 0,softon`',
    powerTarget: null,
    hashboardDisable: null,
    readBack: READ_BACK_STATE,
    evidence: 'avalonminer',
  },
  epic: {
    firmware: 'ePIC PowerPlay',
    transport: 'HTTP on 4028; password in every POST body',
    read: '`GET /summary` (`HBs`, `Power Supply Stats`, `Status`, `PerpetualTune`)',
    sleep: '`POST /miner {"param":"Stop"}`',
    wake: '`POST /miner {"param":"Autostart"}`',
    powerTarget: '`POST /perpetualtune/algo` PowerTune target W',
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; PowerTune \`Target\``,
    evidence: 'published API only (asic-rs `epic/v1`): no recorded reply',
  },
  auradine: {
    firmware: 'Auradine Teraflux (GCMiner)',
    transport: 'TCP 4028 cgminer-style; web API on 8080 (`Token` header from `POST /token`)',
    read: '`summary`, `devs`, `pools`, `version`; web `mode`, `psu`, `fan`',
    sleep: '`POST /mode {"sleep":"on"}`',
    wake: '`POST /mode {"sleep":"off"}`',
    powerTarget: '`POST /mode {"mode":"custom","tune":"power","power":W}`',
    hashboardDisable: null,
    readBack: `${READ_BACK_STATE}; \`Mode[0].Power\``,
    evidence: 'published API only (asic-rs `auradine/v1`): no recorded reply',
  },
  bitaxe: {
    firmware: 'Bitaxe AxeOS (open-source single-chip miners)',
    transport: 'HTTP 80 REST `/api/system`',
    read: '`GET /api/system/info` (`hashRate` GH/s, `power` W measured, `temp`, `fanrpm`, stratum pools)',
    sleep: null,
    wake: null,
    powerTarget: null,
    hashboardDisable: null,
    readBack: 'restart only (`POST /api/system/restart`): reads until the uptime starts over',
    evidence: 'bitaxe/v2_0_0',
  },
  elphapex: {
    firmware: 'Elphapex DG-series (Scrypt), DG-Home1 and DG1+',
    transport: 'HTTP 80 CGI `/cgi-bin/*.cgi` (HTTP Digest), cgminer-shaped JSON',
    read: '`summary.cgi` (`rate_5s`, `rate_unit`), `stats.cgi` (chains, fans), `pools.cgi`, `get_system_info.cgi`',
    sleep: null,
    wake: null,
    powerTarget: null,
    hashboardDisable: null,
    readBack: null,
    evidence: 'elphapex/v1, elphapex/pyasic-dg1plus-1.0.2',
  },
};
