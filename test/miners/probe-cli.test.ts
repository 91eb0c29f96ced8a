import { type AddressInfo, createServer } from 'node:net';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAddress, registerMinerCommands } from '../../src/cli/miner-command.ts';
import { startCapture } from './capture-server.ts';
import { EXPECTED } from './expected-readings.ts';
import { type RunningServer, startHttpFixtureServer, startTcpFixtureServer } from './fixture-server.ts';
import { startVariant, variantNamed } from './fixture-variants.ts';

const servers: RunningServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Runs `switchyard miner ...` in-process, capturing stdout, stderr and the exit code. */
async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  const program = new Command().name('switchyard').exitOverride();
  program.configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  registerMinerCommands(program, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  await program.parseAsync(['node', 'switchyard', 'miner', ...args]);
  return { stdout, stderr, exitCode };
}

async function serve(name: string) {
  const server = await startVariant(variantNamed(name), { suffix: Buffer.from([0]) });
  servers.push(server);
  return `${server.host}:${server.port}`;
}

describe('switchyard miner probe', () => {
  it('prints the normalized reading as JSON', async () => {
    const address = await serve('luxminer/v1');
    const result = await run('probe', address, '--json');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const reading = JSON.parse(result.stdout);
    expect(reading).toMatchObject({ ...EXPECTED['luxminer/v1'], endpoint: address });
  });

  it('prints a table people can read', async () => {
    const address = await serve('antminer/v2020');
    const result = await run('probe', address);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`miner       ${address}  antminer-stock`);
    expect(result.stdout).toContain('model       Antminer S19 Pro');
    expect(result.stdout).toContain('state       hashing');
    expect(result.stdout).toContain('110.57 TH/s now, 111.83 TH/s average, 110.00 TH/s nominal');
    expect(result.stdout).toContain('power       3267 W (spec-estimate), target -');
    expect(result.stdout).toMatch(/0 +37\.60 +- +73 +78 +114/);
    expect(result.stdout).toMatch(
      /0 +active +4057 +11 +satokierepair\.H04YK +stratum\+tcp:\/\/btc\.global\.luxor\.tech:700/,
    );
    expect(result.stdout).toContain('6000 5880 5040 5040 RPM');
  });

  it('shows a sleeping Avalon Q as sleeping, with nulls as "-"', async () => {
    const result = await run('probe', await serve('avalonminer Avalon Q (soft-off)'));
    expect(result.stdout).toContain('state       sleeping');
    expect(result.stdout).toContain('efficiency  -');
  });

  it('unreachable: one line on stderr, exit code 2', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const result = await run('probe', `127.0.0.1:${port}`, '--timeout', '500');
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error SY_ERR_MINER_UNREACHABLE: 127\.0\.0\.1:\d+: unreachable \(ECONNREFUSED\)\n$/,
    );
    expect(result.exitCode).toBe(2);
  });

  it('timeout: one line on stderr, exit code 3', async () => {
    const server = await startTcpFixtureServer({ framing: 'raw', respond: () => 'hang' });
    servers.push(server);
    const result = await run('probe', `${server.host}:${server.port}`, '--timeout', '100');
    expect(result.stderr).toMatch(/^error SY_ERR_MINER_TIMEOUT: .*within 100 ms\n$/);
    expect(result.exitCode).toBe(3);
  });

  it('unknown dialect: one line on stderr, exit code 4', async () => {
    const server = await startTcpFixtureServer({
      framing: 'cgminer',
      respond: () =>
        Buffer.from(
          '{"STATUS":[{"STATUS":"S","When":1,"Code":22,"Msg":"v","Description":"sgminer 5.6.0"}],"VERSION":[{"SGMiner":"5.6.0"}],"id":1}',
        ),
    });
    servers.push(server);
    const result = await run('probe', `${server.host}:${server.port}`, '--timeout', '300');
    expect(result.stderr).toMatch(/^error SY_ERR_MINER_UNKNOWN_DIALECT: [^\n]+\n$/);
    expect(result.exitCode).toBe(4);
  });

  it('malformed replies: one line on stderr, exit code 5', async () => {
    const server = await startTcpFixtureServer({
      framing: 'raw',
      respond: () => Buffer.from('{"STATUS":[{"STATUS":"S"\n\n oops'),
    });
    servers.push(server);
    const result = await run('probe', `${server.host}:${server.port}`, '--timeout', '300');
    expect(result.stderr).toMatch(/^error SY_ERR_MINER_PROTOCOL: [^\n]+\n$/);
    expect(result.exitCode).toBe(5);
  });

  it('rejects a bad address, timeout, web port or dialect before connecting (exit code 1)', async () => {
    expect(await run('probe', 'host:99999')).toMatchObject({ exitCode: 1, stdout: '' });
    expect((await run('probe', '10.0.0.1', '--timeout', 'soon')).stderr).toMatch(/--timeout "soon"/);
    expect((await run('probe', '10.0.0.1', '--web-port', '0')).stderr).toMatch(
      /--web-port "0" is not a port/,
    );
    expect(await run('probe', '10.0.0.1', '--dialect', 'nerdaxe')).toMatchObject({ exitCode: 1 });
  });

  it('--dialect skips detection and speaks that dialect on its port', async () => {
    const address = await serve('whatsminer/v2');
    const result = await run('probe', address, '--dialect', 'whatsminer-v1', '--json');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ dialect: 'whatsminer-v1', hashrate5sThs: 124.5 });
    const server = servers.at(-1)!;
    expect(server.requests.map((r) => r.command)).not.toContain('version');
  });

  it('--web-port sends detection to the web interface and lists every attempt per port', async () => {
    // VNish 1.2.7 (proto-fleet recording): bmminer API on one port, its REST API on the web port.
    const servers2 = await startCapture('vnish/protofleet-s21pro-1.2.7');
    closers.push(() => servers2.close());
    const result = await run(
      'probe',
      `127.0.0.1:${servers2.cgminer!.port}`,
      '--web-port',
      String(servers2.http!.port),
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('vnish');
    expect(result.stdout).toContain('detection');
    expect(result.stdout).toContain(`cgminer@${servers2.cgminer!.port}  version: refused`);
    expect(result.stdout).toContain(`http@${servers2.http!.port}  GET /api/v1/info: HTTP 200: VNish 1.2.7`);
  });

  it('the VNish unlock sends the password it was given, and a refusal is a typed error', async () => {
    const requests: string[] = [];
    const server = await startHttpFixtureServer({
      respond: (request) => {
        requests.push(`${request.command} ${request.parameter ?? ''}`);
        if (request.command === 'POST /api/v1/unlock') return { status: 403, body: Buffer.from('{}') };
        return null;
      },
    });
    servers.push(server);
    const { VnishClient } = await import('../../src/adapters/miners/index.ts');
    const client = new VnishClient({
      host: server.host,
      port: server.port,
      password: 's3cret',
    });
    await expect(client.sleep()).rejects.toThrow(/web password was not accepted/);
    expect(requests).toContain('POST /api/v1/unlock {"pw":"s3cret"}');
  });
});

describe('parseAddress', () => {
  it('reads host, host:port and bracketed IPv6', () => {
    expect(parseAddress('10.0.0.5')).toEqual({ host: '10.0.0.5', port: undefined });
    expect(parseAddress('miner-7.site:4028')).toEqual({ host: 'miner-7.site', port: 4028 });
    expect(parseAddress('[fe80::1]:4433')).toEqual({ host: 'fe80::1', port: 4433 });
    expect(parseAddress('fe80::1')).toEqual({ host: 'fe80::1', port: undefined });
    expect(parseAddress('host:0')).toBeNull();
    expect(parseAddress(':4028')).toBeNull();
  });
});
