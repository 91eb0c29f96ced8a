import { describe, expect, it } from 'vitest';
import type { MinerClient } from '../adapters/miners/index.ts';
import { silentAgentLog } from './agent-log.ts';
import { expandCidr, parseMinerTargets, resolveMiners } from './miner-targets.ts';

describe('parseMinerTargets', () => {
  it('reads hosts, ports, dialects and ranges', () => {
    expect(
      parseMinerTargets('10.0.0.5, 10.0.0.6:4029/luxos,[fd00::7]:4028/avalon,miner-8/braiins-os'),
    ).toEqual([
      { kind: 'host', host: '10.0.0.5' },
      { kind: 'host', host: '10.0.0.6', port: 4029, dialect: 'luxos' },
      { kind: 'host', host: 'fd00::7', port: 4028, dialect: 'avalon' },
      { kind: 'host', host: 'miner-8', dialect: 'braiins-os' },
    ]);
    expect(parseMinerTargets('10.0.0.0/30')).toEqual([
      { kind: 'range', cidr: '10.0.0.0/30', hosts: ['10.0.0.1', '10.0.0.2'] },
    ]);
  });

  it('lists every bad item', () => {
    expect(() => parseMinerTargets('10.0.0.5/nope,host:99999,10.0.0.0/8')).toThrow(
      /3 problem\(s\)[\s\S]*unknown dialect "nope"[\s\S]*port "99999"[\s\S]*more than 4096/,
    );
    expect(() => parseMinerTargets(' , ')).toThrow(/names no miner/);
  });
});

describe('expandCidr', () => {
  it('leaves out the network and broadcast addresses', () => {
    const hosts = expandCidr('10.0.0.0/28');
    expect(hosts).toHaveLength(14);
    expect(hosts[0]).toBe('10.0.0.1');
    expect(hosts.at(-1)).toBe('10.0.0.14');
    expect(expandCidr('192.168.1.77/24')[0]).toBe('192.168.1.1');
    expect(expandCidr('10.1.2.3/32')).toEqual(['10.1.2.3']);
    expect(expandCidr('10.1.2.2/31')).toEqual(['10.1.2.2', '10.1.2.3']);
  });
});

describe('resolveMiners', () => {
  const client = (endpoint: string) => ({ endpoint, dialect: 'luxos' }) as unknown as MinerClient;

  it('probes ranges and unlisted dialects, creates listed dialects without traffic, drops duplicates', async () => {
    const probed: string[] = [];
    const result = await resolveMiners(
      parseMinerTargets('10.0.0.0/29,10.0.0.9,10.0.0.2:4028,10.0.1.1/luxos'),
      {
        log: silentAgentLog,
        probe: async (host, port) => {
          probed.push(host);
          if (host === '10.0.0.2' || host === '10.0.0.5') return client(`${host}:${port ?? 4028}`);
          throw new Error('connection refused');
        },
        create: (dialect, options) => client(`${options.host}:${options.port ?? 4028}/${dialect}`),
      },
    );
    expect(result.clients.map((c) => c.endpoint)).toEqual([
      '10.0.0.2:4028',
      '10.0.0.5:4028',
      '10.0.1.1:4028/luxos',
    ]);
    expect(result.missing).toEqual([{ address: '10.0.0.9', error: 'connection refused' }]);
    expect(result.scanned).toBe(6);
    expect(probed).not.toContain('10.0.1.1');
  });
});
