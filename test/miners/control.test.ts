import { afterEach, describe, expect, it } from 'vitest';
import {
  AntminerStockClient,
  AvalonClient,
  BraiinsClient,
  LuxosClient,
  type MinerClient,
  MinerCommandRefusedError,
  PowerTargetOutOfRangeError,
  UnsupportedCommandError,
  WhatsminerV2Client,
  WhatsminerV3Client,
} from '../../src/adapters/miners/index.ts';
import type { RunningServer } from './fixture-server.ts';
import { startVariant, variantNamed } from './fixture-variants.ts';
import {
  type Behaviour,
  type Fake,
  startAvalonFake,
  startBraiinsFake,
  startLuxosFake,
  startWhatsminerV2Fake,
  startWhatsminerV3Fake,
} from './scripted-fakes.ts';

const verify = { attempts: 3, intervalMs: 5 };
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fake(start: Promise<Fake>): Promise<Fake> {
  const started = await start;
  servers.push(started.server);
  return started;
}

interface Dialect {
  readonly name: string;
  readonly start: (behaviour: Behaviour) => Promise<Fake>;
  readonly client: (host: string, port: number) => MinerClient;
  /** A power target inside the range, and what the fake should have been told. */
  readonly powerTarget: { watts: number; control: RegExp; readsBackW: number } | null;
  readonly sleepControl: RegExp;
  readonly wakeControl: RegExp;
}

const DIALECTS: Dialect[] = [
  {
    name: 'LuxOS',
    start: (behaviour) => startLuxosFake(behaviour),
    client: (host, port) => new LuxosClient({ host, port, verify }),
    powerTarget: { watts: 1000, control: /^profileset 240MHz$/, readsBackW: 978 },
    sleepControl: /^curtail sleep$/,
    wakeControl: /^curtail wakeup$/,
  },
  {
    name: 'Whatsminer btminer 2.x',
    start: (behaviour) => startWhatsminerV2Fake(behaviour, { model: 'M50S_VH30' }),
    client: (host, port) => new WhatsminerV2Client({ host, port, verify }),
    powerTarget: { watts: 3000, control: /^adjust_power_limit .*"power_limit":"3000"/, readsBackW: 3000 },
    sleepControl: /^power_off .*"respbefore":"true"/,
    wakeControl: /^power_on/,
  },
  {
    name: 'Whatsminer API 3.x',
    start: (behaviour) => startWhatsminerV3Fake(behaviour),
    client: (host, port) => new WhatsminerV3Client({ host, port, verify }),
    powerTarget: { watts: 3000, control: /^set\.miner\.power_limit 3000$/, readsBackW: 3000 },
    sleepControl: /^set\.miner\.service "stop"$/,
    wakeControl: /^set\.miner\.service "start"$/,
  },
  {
    name: 'Braiins OS',
    start: (behaviour) => startBraiinsFake(behaviour),
    client: (host, port) => new BraiinsClient({ host, port, verify }),
    powerTarget: {
      watts: 2800,
      control: /^\/api\/v1\/performance\/power-target \{"watt":2800\}$/,
      readsBackW: 2800,
    },
    sleepControl: /^\/api\/v1\/actions\/pause$/,
    wakeControl: /^\/api\/v1\/actions\/resume$/,
  },
  {
    name: 'Avalon',
    start: (behaviour) => startAvalonFake(behaviour),
    client: (host, port) => new AvalonClient({ host, port, verify }),
    powerTarget: null,
    sleepControl: /^ascset softoff,1:\d+$/,
    wakeControl: /^ascset softon,1:\d+$/,
  },
];

describe.each(DIALECTS)('$name control', (dialect) => {
  it('sleep: applied when the read-back shows it asleep', async () => {
    const { server, controls } = await fake(dialect.start('honest'));
    const result = await dialect.client(server.host, server.port).sleep();
    expect(controls).toHaveLength(1);
    expect(controls[0]).toMatch(dialect.sleepControl);
    expect(result.applied).toBe(true);
    expect(result.reading?.state).toBe('sleeping');
    expect(result.detail).toMatch(/confirmed: state sleeping/);
  });

  it('sleep: NOT applied when the miner says OK but keeps hashing', async () => {
    const { server, controls } = await fake(dialect.start('liar'));
    const result = await dialect.client(server.host, server.port).sleep();
    expect(controls).toHaveLength(1);
    expect(result.applied).toBe(false);
    expect(result.reading?.state).toBe('hashing');
    expect(result.detail).toMatch(/not confirmed after 3 read-back\(s\): state hashing/);
  });

  it('wake: applied after a sleep on an honest miner, not on a liar', async () => {
    const honest = await fake(dialect.start('honest'));
    const client = dialect.client(honest.server.host, honest.server.port);
    await client.sleep();
    const woken = await client.wake();
    expect(honest.controls[1]).toMatch(dialect.wakeControl);
    expect(woken.applied).toBe(true);
    expect(woken.reading?.state).toBe('hashing');
  });

  if (dialect.powerTarget) {
    const target = dialect.powerTarget;
    it('setPowerTarget: applied when the target reads back', async () => {
      const { server, controls } = await fake(dialect.start('honest'));
      const result = await dialect.client(server.host, server.port).setPowerTarget(target.watts);
      expect(controls).toEqual([expect.stringMatching(target.control)]);
      expect(result.applied).toBe(true);
      expect(result.reading?.powerTargetW).toBe(target.readsBackW);
    });

    it('setPowerTarget: NOT applied when the miner acknowledges and keeps its old target', async () => {
      const { server } = await fake(dialect.start('liar'));
      const result = await dialect.client(server.host, server.port).setPowerTarget(target.watts);
      expect(result.applied).toBe(false);
      expect(result.detail).toMatch(/not confirmed/);
    });
  }
});

describe('refusals before anything is sent', () => {
  it('stock Antminer without a web interface cannot sleep, wake or take a power target: no request at all', async () => {
    const server = await startVariant(variantNamed('antminer/v2020'));
    servers.push(server);
    // Sleep and wake need the web interface (test/miners/antminer-web.test.ts); here nothing listens there.
    const closed = await startVariant(variantNamed('antminer/v2020'));
    await closed.close();
    const client = new AntminerStockClient({ host: server.host, port: server.port, webPort: closed.port });
    await expect(client.sleep()).rejects.toBeInstanceOf(UnsupportedCommandError);
    await expect(client.wake()).rejects.toBeInstanceOf(UnsupportedCommandError);
    await expect(client.setPowerTarget(3000)).rejects.toThrow(/cannot set a power target/);
    expect(server.requests).toEqual([]);
    expect(await client.capabilities()).toMatchObject({ canSleep: false, canSetPowerTarget: false });
  });

  it('LuxOS: a target below the lowest profile (784 W) or above the highest (4195 W) opens no session', async () => {
    const { server, controls } = await fake(startLuxosFake('honest'));
    const client = new LuxosClient({ host: server.host, port: server.port, verify });
    expect(await client.capabilities()).toMatchObject({
      minPowerW: 784,
      maxPowerW: 4195,
      canSetPowerTarget: true,
    });
    await expect(client.setPowerTarget(500)).rejects.toBeInstanceOf(PowerTargetOutOfRangeError);
    await expect(client.setPowerTarget(5000)).rejects.toMatchObject({
      code: 'SY_ERR_MINER_POWER_TARGET_OUT_OF_RANGE',
      minPowerW: 784,
      maxPowerW: 4195,
    });
    await expect(client.setPowerTarget(Number.NaN)).rejects.toBeInstanceOf(PowerTargetOutOfRangeError);
    expect(controls).toEqual([]);
    expect(server.requests.map((request) => request.command)).not.toContain('logon');
  });

  it('Braiins: outside the tuner constraints (1000-3600 W) no PUT is made', async () => {
    const { server, controls } = await fake(startBraiinsFake('honest'));
    const client = new BraiinsClient({ host: server.host, port: server.port, verify });
    await expect(client.setPowerTarget(4000)).rejects.toBeInstanceOf(PowerTargetOutOfRangeError);
    await expect(client.setPowerTarget(900)).rejects.toBeInstanceOf(PowerTargetOutOfRangeError);
    expect(controls).toEqual([]);
  });

  it('Whatsminer: above the nameplate power of the model no privileged command is sent', async () => {
    const v2 = await fake(startWhatsminerV2Fake('honest', { model: 'M50S_VH30' }));
    const client2 = new WhatsminerV2Client({ host: v2.server.host, port: v2.server.port, verify });
    expect(await client2.capabilities()).toMatchObject({
      maxPowerW: 3276,
      powerRangeSource: 'nameplate of Whatsminer M50S',
    });
    await expect(client2.setPowerTarget(3500)).rejects.toBeInstanceOf(PowerTargetOutOfRangeError);
    expect(v2.server.requests.map((request) => request.command)).not.toContain('get_token');

    const v3 = await fake(startWhatsminerV3Fake('honest'));
    const client3 = new WhatsminerV3Client({ host: v3.server.host, port: v3.server.port, verify });
    await expect(client3.setPowerTarget(3500)).rejects.toBeInstanceOf(PowerTargetOutOfRangeError);
    expect(v3.controls).toEqual([]);
  });

  it('Avalon: no watt target at all, and no sleep on firmware whose ascset help lacks softoff', async () => {
    const { server, controls } = await fake(startAvalonFake('honest', { withoutSoftoff: true }));
    const client = new AvalonClient({ host: server.host, port: server.port, verify });
    await expect(client.setPowerTarget(3000)).rejects.toBeInstanceOf(UnsupportedCommandError);
    await expect(client.sleep()).rejects.toThrow(/cannot sleep: ascset help lists no softoff/);
    await expect(client.setWorkMode(2)).rejects.toBeInstanceOf(UnsupportedCommandError);
    expect(controls).toEqual([]);
    expect(
      server.requests.every((request) => request.parameter === null || request.parameter === '0,help'),
    ).toBe(true);
  });
});

describe('other control paths', () => {
  it('LuxOS: a profileset the miner refuses throws MinerCommandRefusedError and logs off', async () => {
    const { server } = await fake(startLuxosFake('honest', { refuseProfileset: true }));
    const client = new LuxosClient({ host: server.host, port: server.port, verify });
    await expect(client.setPowerTarget(2000)).rejects.toMatchObject({
      code: 'SY_ERR_MINER_COMMAND_REFUSED',
      minerMessage: 'Cannot set profile while ATM is enabled',
    });
    await expect(client.setPowerTarget(2000)).rejects.toBeInstanceOf(MinerCommandRefusedError);
    expect(server.requests.filter((request) => request.command === 'logoff')).toHaveLength(2);
  });

  it('Whatsminer 2.x: a wrong API password is refused by the miner, typed', async () => {
    const { server, controls } = await fake(startWhatsminerV2Fake('honest', { password: 'secret' }));
    const client = new WhatsminerV2Client({
      host: server.host,
      port: server.port,
      verify,
      password: 'admin',
    });
    await expect(client.sleep()).rejects.toMatchObject({
      code: 'SY_ERR_MINER_COMMAND_REFUSED',
      minerMessage: 'invalid token',
    });
    expect(controls).toEqual([]);
  });

  it('Avalon: setWorkMode is verified on WORKMODE', async () => {
    const honest = await fake(startAvalonFake('honest'));
    const applied = await new AvalonClient({
      host: honest.server.host,
      port: honest.server.port,
      verify,
    }).setWorkMode(2);
    expect(honest.controls).toEqual(['ascset workmode,set,2']);
    expect(applied).toMatchObject({ applied: true });
    const liar = await fake(startAvalonFake('liar'));
    const ignored = await new AvalonClient({
      host: liar.server.host,
      port: liar.server.port,
      verify,
    }).setWorkMode(2);
    expect(ignored.applied).toBe(false);
    expect(ignored.detail).toMatch(/WORKMODE reads 1/);
  });

  it('Avalon: a softon answered by a hang-up is still verified by reading back', async () => {
    const { server, controls } = await fake(startAvalonFake('honest', { silentSoftOn: true }));
    const client = new AvalonClient({ host: server.host, port: server.port, verify });
    await client.sleep();
    const woken = await client.wake();
    expect(controls[1]).toMatch(/^ascset softon/);
    expect(woken).toMatchObject({ applied: true });
    expect(woken.detail).toMatch(/^softon: connection closed without a reply; confirmed: state hashing/);
  });

  it('Avalon: softoff is scheduled on the miner clock (STATUS When + 5 s)', async () => {
    const { server, controls } = await fake(startAvalonFake('honest'));
    await new AvalonClient({ host: server.host, port: server.port, verify }).sleep();
    // ascset_help.json was recorded at When 1753431291
    expect(controls).toEqual(['ascset softoff,1:1753431296']);
  });

  it('Braiins: logs in on 401 and retries with the token', async () => {
    const { server } = await fake(startBraiinsFake('honest'));
    await new BraiinsClient({ host: server.host, port: server.port, verify }).sleep();
    const commands = server.requests.map((request) => request.command);
    expect(commands).toContain('POST /api/v1/auth/login');
    const puts = server.requests.filter((request) => request.command.startsWith('PUT'));
    expect(puts.map((request) => request.headers?.authorization ?? null)).toEqual([null, 'tok-3f9a']);
  });
});
