import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpReply, HttpRequest } from '../http-transport.ts';
import { jsonReply, runMarketFeedContract } from '../market-feed.contract.ts';
import { archiveDocuments } from './ercot-listings.ts';
import { ErcotPriceFeed, type ErcotPriceFeedOptions } from './ercot-price-feed.ts';
import { apiPriceReply, misListing, zipOf } from './ercot-test-replies.ts';
import { ercotIntervalStartMs } from './ercot-time.ts';

// ERCOT publishes no recorded price reply (../shared/fixtures/feeds/README.md, "Not covered"): the
// price replies follow ERCOT's published report columns (ercot-test-replies.ts). The archive
// listing is the real capture ercot/archive_np3-911-er_postDatetime_2024-11-05.json (gridstatus).
const FIXTURES = join(process.env.SWITCHYARD_FIXTURES_DIR ?? '../shared/fixtures', 'feeds/ercot');
const NOW = Date.parse('2024-11-05T18:00:00Z');
const credentials = { username: 'ops@example.com', password: 'pw', subscriptionKey: 'sub-key' };
// 2024-11-05 is CST (UTC-6): HE 12 interval 1 starts 11:00 CST = 17:00 UTC.
const RT_ROWS = [
  ['2024-11-05', 12, 1, 'HB_WEST', 'HU', 24.61, false],
  ['2024-11-05', 12, 2, 'HB_WEST', 'HU', 25.02, false],
  ['2024-11-05', 12, 2, 'HB_NORTH', 'HU', 22.1, false],
  ['2024-11-05', 12, 3, 'HB_WEST', 'HU', -3.5, false],
] as const;

const token = () =>
  jsonReply({ access_token: 'a', token_type: 'Bearer', expires_in: '3600', id_token: 'id-token' });
const apiFeed = (
  transport: (r: HttpRequest) => Promise<HttpReply>,
  options: Partial<ErcotPriceFeedOptions> = {},
) =>
  new ErcotPriceFeed(
    { market: 'rt', settlementPoint: 'HB_WEST', credentials, misBaseUrl: false, ...options },
    transport,
  );
const api = (rows: readonly (readonly unknown[])[]) => (request: HttpRequest) =>
  request.url.includes('b2clogin') ? token() : jsonReply(apiPriceReply('rt', rows));

runMarketFeedContract('ERCOT real-time SPP (public API)', {
  create: (transport) => apiFeed(transport),
  nowMs: NOW,
  reply: api(RT_ROWS),
  outOfOrderReply: api([...RT_ROWS].reverse()),
  emptyReply: api([]),
  expected: [
    { key: 'power:ercot_rt_hb_west', atMs: Date.parse('2024-11-05T17:00:00Z'), value: 24.61 },
    { key: 'power:ercot_rt_hb_west', atMs: Date.parse('2024-11-05T17:15:00Z'), value: 25.02 },
  ],
});

describe('ErcotPriceFeed', () => {
  const signal = () => new AbortController().signal;

  it('fills in history through the API over the delivery days of the range, keeping only its intervals', async () => {
    const seen: HttpRequest[] = [];
    const feed = apiFeed(async (r) => {
      seen.push(r);
      return api(RT_ROWS)(r);
    });
    const from = Date.parse('2024-10-05T00:00:00Z');
    const [reading] = await feed.backfill(from, Date.parse('2024-11-05T17:15:00Z'), NOW, signal());
    const query = new URL(seen.find((r) => r.url.includes('spp_node_zone_hub'))!.url).searchParams;
    expect(query.get('deliveryDateFrom')).toBe('2024-10-05');
    expect(query.get('deliveryDateTo')).toBe('2024-11-05');
    expect(reading!.points.map((p) => p.value)).toEqual([24.61]);
    await expect(
      new ErcotPriceFeed({ market: 'rt', settlementPoint: 'HB_WEST' }, async () =>
        api([])({} as HttpRequest),
      ).backfill(from, NOW, NOW, signal()),
    ).rejects.toMatchObject({ code: 'SY_ERR_FEED_REPLY_INVALID' });
  });

  it('signs in once, then sends the subscription key and the bearer id_token with each query', async () => {
    const seen: HttpRequest[] = [];
    const feed = apiFeed(async (r) => {
      seen.push(r);
      return api(RT_ROWS)(r);
    });
    await feed.poll(NOW, signal());
    await feed.poll(NOW + 60_000, signal());
    expect(seen.filter((r) => r.url.includes('b2clogin'))).toHaveLength(1);
    const query = seen[1]!;
    expect(query.url).toMatch(
      /^https:\/\/api\.ercot\.com\/api\/public-reports\/np6-905-cd\/spp_node_zone_hub\?/,
    );
    expect(new URL(query.url).searchParams.get('settlementPoint')).toBe('HB_WEST');
    expect(query.headers).toMatchObject({
      'Ocp-Apim-Subscription-Key': 'sub-key',
      Authorization: 'Bearer id-token',
    });
  });

  it('keeps an interval out until it has ended (a real-time price is known at its end)', async () => {
    const [reading] = await apiFeed(async (r) => api(RT_ROWS)(r)).poll(
      Date.parse('2024-11-05T17:40:00Z'),
      signal(),
    );
    expect(reading!.points.map((p) => p.value)).toEqual([24.61, 25.02]);
    expect(reading!.points[1]!.knownAtMs).toBe(Date.parse('2024-11-05T17:30:00Z'));
  });

  it('reads day-ahead hourly prices with hour ending "HH:00", known when polled', async () => {
    const feed = apiFeed(
      async (r) =>
        r.url.includes('b2clogin')
          ? token()
          : jsonReply(
              apiPriceReply('da', [
                ['2024-11-06', '14:00', 'HB_WEST', 31.2, false],
                ['2024-11-06', '24:00', 'HB_WEST', 18.4, false],
              ]),
            ),
      { market: 'da' },
    );
    const [reading] = await feed.poll(NOW, signal());
    expect(reading!.series).toMatchObject({ key: 'power:ercot_da_hb_west', resolutionMs: 3_600_000 });
    expect(reading!.points).toEqual([
      { atMs: Date.parse('2024-11-06T19:00:00Z'), knownAtMs: NOW, value: 31.2 },
      { atMs: Date.parse('2024-11-07T05:00:00Z'), knownAtMs: NOW, value: 18.4 },
    ]);
  });

  it('places the repeated fall-back hour (DSTFlag) after the first one', () => {
    // 2024-11-03: HE 2 happens twice, 01:00 CDT (06:00 UTC) and 01:00 CST (07:00 UTC).
    expect(ercotIntervalStartMs([2024, 11, 3], 2, 1, false)).toBe(Date.parse('2024-11-03T06:00:00Z'));
    expect(ercotIntervalStartMs([2024, 11, 3], 2, 1, true)).toBe(Date.parse('2024-11-03T07:00:00Z'));
    expect(ercotIntervalStartMs([2024, 7, 1], 1, 4, false)).toBe(Date.parse('2024-07-01T05:45:00Z'));
  });

  it('falls back to the MIS report downloads (ZIP of the published CSV) when the API fails', async () => {
    const csv = [
      'DeliveryDate,DeliveryHour,DeliveryInterval,SettlementPointName,SettlementPointType,SettlementPointPrice,DSTFlag',
      '11/05/2024,12,1,HB_WEST,HU,24.61,N',
      '11/05/2024,12,1,HB_NORTH,HU,22.00,N',
    ].join('\r\n');
    const requests: string[] = [];
    const feed = new ErcotPriceFeed({ market: 'rt', settlementPoint: 'HB_WEST', credentials }, async (r) => {
      requests.push(r.url);
      if (r.url.includes('api.ercot.com') || r.url.includes('b2clogin'))
        return jsonReply({ message: 'down' }, 503);
      if (r.url.includes('IceDocListJsonWS')) {
        return jsonReply(
          misListing([
            {
              docId: '901',
              published: '2024-11-05T11:20:12-06:00',
              name: 'cdr.00012301.0000000000000000.20241105.112012.SPPHLZNP6905_20241105_1115_xml.zip',
            },
            {
              docId: '900',
              published: '2024-11-05T11:20:11-06:00',
              name: 'cdr.00012301.0000000000000000.20241105.112011.SPPHLZNP6905_20241105_1115_csv.zip',
            },
          ]),
        );
      }
      return { status: 200, bytes: zipOf('SPPHLZNP6905.csv', csv) };
    });
    const [reading] = await feed.poll(NOW, signal());
    expect(feed.lastPath).toBe('mis');
    expect(reading!.points).toEqual([
      {
        atMs: Date.parse('2024-11-05T17:00:00Z'),
        knownAtMs: Date.parse('2024-11-05T17:15:00Z'),
        value: 24.61,
      },
    ]);
    expect(requests.at(-1)).toBe('https://www.ercot.com/misdownload/servlets/mirDownload?doclookupId=900');
    expect(requests.some((u) => u.includes('reportTypeId=12301'))).toBe(true);
  });

  it('reports the API failure when the MIS path fails too, and a download that is not a ZIP as invalid', async () => {
    const down = new ErcotPriceFeed({ market: 'rt', settlementPoint: 'HB_WEST', credentials }, async () =>
      jsonReply({}, 503),
    );
    await expect(down.poll(NOW, signal())).rejects.toMatchObject({ code: 'SY_ERR_FEED_UNAVAILABLE' });
    const garbage = new ErcotPriceFeed({ market: 'rt', settlementPoint: 'HB_WEST' }, async (r) =>
      r.url.includes('IceDocListJsonWS')
        ? jsonReply(misListing([{ docId: '1', published: '2024-11-05T11:20:11-06:00', name: 'x_csv.zip' }]))
        : jsonReply('<html>'),
    );
    await expect(garbage.poll(NOW, signal())).rejects.toThrow(/MIS document 1: not a ZIP archive/);
  });

  it("reads the API's archive listing (real capture): document ids and post times", () => {
    const body = JSON.parse(
      readFileSync(join(FIXTURES, 'archive_np3-911-er_postDatetime_2024-11-05.json'), 'utf8'),
    );
    expect(archiveDocuments('ercot-rt-hb-west', body)).toEqual([
      { docId: '1049861718', postedMs: Date.parse('2024-11-05T03:16:10.000Z') },
    ]);
    expect(() => archiveDocuments('ercot-rt-hb-west', { archives: [{ friendlyName: 'x' }] })).toThrow(
      /lacks docId/,
    );
  });
});
