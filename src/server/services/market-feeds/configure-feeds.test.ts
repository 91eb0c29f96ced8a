import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readSecret } from '../../../adapters/feeds/secrets.ts';
import { parseFleet } from '../../../core/fleet/index.ts';
import { feedsForFleet } from './configure-feeds.ts';

const fleet = parseFleet(
  parse(readFileSync(fileURLToPath(new URL('../../../../examples/fleet.yaml', import.meta.url)), 'utf8')),
  'examples/fleet.yaml',
);

describe('feedsForFleet', () => {
  it('configures one feed per ERCOT series the fleet names, the BTC median, Esplora, and weather at renewable sites', () => {
    const ids = feedsForFleet(fleet.sites, {}).map((s) => s.feed.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ercot-rt-hb-west',
        'ercot-da-hb-west',
        'ercot-rt-hb-north',
        'btc-price',
        'esplora',
      ]),
    );
    expect(ids).not.toContain('aeso');
    expect(ids.filter((id) => id.startsWith('open-meteo-')).length).toBeGreaterThan(0);
  });

  it('adds AESO with a key, and a Bitcoin node instead of Esplora when its URL is set', () => {
    const ids = feedsForFleet(fleet.sites, {
      AESO_API_KEY: 'k',
      BITCOIN_RPC_URL: 'http://127.0.0.1:8332/',
    }).map((s) => s.feed.id);
    expect(ids).toContain('aeso');
    expect(ids).toContain('bitcoin-core');
    expect(ids).not.toContain('esplora');
  });
});

describe('readSecret', () => {
  it('reads NAME, else the file named by NAME_FILE without its trailing newline', () => {
    expect(readSecret('AESO_API_KEY', { AESO_API_KEY: ' abc ' })).toBe('abc');
    expect(readSecret('AESO_API_KEY', { AESO_API_KEY_FILE: '/run/secrets/aeso' }, () => 'from-file\n')).toBe(
      'from-file',
    );
    expect(readSecret('AESO_API_KEY', {})).toBeUndefined();
  });

  it('names the variable when the file cannot be read', () => {
    expect(() =>
      readSecret('BITCOIN_RPC_PASSWORD', { BITCOIN_RPC_PASSWORD_FILE: '/nope' }, () => {
        throw new Error('ENOENT');
      }),
    ).toThrow(/BITCOIN_RPC_PASSWORD_FILE: cannot read \/nope/);
  });
});
