import { describe, expect, it } from 'vitest';
import { siteFixture } from '../../src/adapters/storage/storage-fixtures.ts';
import { fleetSchema } from '../../src/core/fleet/fleet-schema.ts';

describe('siteFixture', () => {
  it('is the value the fleet schema gives for it: valid, with every default filled in', () => {
    const site = siteFixture('fixture-site');
    expect(fleetSchema.parse({ version: 1, sites: [site] }).sites[0]).toEqual(site);
  });
});
