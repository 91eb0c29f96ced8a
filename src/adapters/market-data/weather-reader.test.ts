import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirFromEnv } from './data-dir.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';
import { readHubHeightWind, readSolarWeather, weatherFileKind, windSpeedColumns } from './weather-reader.ts';

const renewables = join(dataDirFromEnv(), 'renewables');
const HOUR = 3_600_000;

describe('weatherFileKind', () => {
  it('classifies renewables/ file stems by name', () => {
    expect(weatherFileKind('texas_muleshoe_weather_2013')).toBe('solar-weather');
    expect(weatherFileKind('greensboro_nc_weather_tmy3')).toBe('solar-weather');
    expect(weatherFileKind('texas_muleshoe_wind_hubheight_2013')).toBe('hub-height-wind');
    expect(weatherFileKind('notes')).toBeUndefined();
  });
});

describe('readSolarWeather', () => {
  it('reads hourly GHI and air temperature (texas_muleshoe_weather_2013)', async () => {
    const id = 'texas_muleshoe_weather_2013';
    const weather = await readSolarWeather(id, join(renewables, `${id}.csv`));
    expect(weather.id).toBe(id);
    const { ghiWm2, tempAirC } = weather;
    expect(ghiWm2.id).toBe(`${id}/ghi_w_m2`);
    expect(ghiWm2.unit).toBe('W/m2');
    expect(tempAirC.unit).toBe('degC');
    expect(ghiWm2.resolutionMs).toBe(HOUR);
    expect(ghiWm2.length).toBe(8760);
    expect(ghiWm2.gaps).toEqual([]);
    expect(ghiWm2.startMs).toBe(Date.parse('2013-01-01T06:00:00Z'));
    expect(ghiWm2.at(Date.parse('2013-06-21T18:00:00Z'))).toBe(998);
    expect(tempAirC.at(Date.parse('2013-06-21T18:30:00Z'))).toBe(33);
    expect(tempAirC.at(Date.parse('2013-01-01T06:00:00Z'))).toBe(-4);
    let annualWh = 0;
    for (const point of ghiWm2.points()) annualWh += point.value;
    expect(annualWh / 1000).toBeCloseTo(2065.5, 1);
  });

  it('keeps Amarillo 2012 missing local Feb 29 as a 24-hour gap', async () => {
    const id = 'texas_amarillo_weather_2012';
    const { ghiWm2 } = await readSolarWeather(id, join(renewables, `${id}.csv`));
    expect(ghiWm2.gaps).toEqual([{ fromMs: Date.parse('2012-02-29T06:00:00Z'), intervals: 24 }]);
  });

  it('orders the TMY3 file by its true UTC instants (months of different years)', async () => {
    const id = 'greensboro_nc_weather_tmy3';
    const { ghiWm2, tempAirC } = await readSolarWeather(id, join(renewables, `${id}.csv`));
    expect([...ghiWm2.points()]).toHaveLength(8760);
    expect(ghiWm2.startMs).toBe(Date.parse('1980-04-01T05:00:00Z'));
    expect(tempAirC.at(Date.parse('1988-01-01T05:00:00Z'))).toBe(10);
    expect(ghiWm2.at(Date.parse('1989-06-21T17:00:00Z'))).toBe(745);
  });
});

describe('readHubHeightWind', () => {
  it('reads one wind-speed series per hub height named in the header', async () => {
    const id = 'texas_muleshoe_wind_hubheight_2013';
    const wind = await readHubHeightWind(id, join(renewables, `${id}.csv`));
    expect([...wind.speedByHeightMs.keys()]).toEqual([100, 120]);
    const at100 = wind.speedByHeightMs.get(100)!;
    const at120 = wind.speedByHeightMs.get(120)!;
    expect(at100.id).toBe(`${id}/wind_speed_100m_m_s`);
    expect(at100.unit).toBe('m/s');
    expect(at100.length).toBe(8760);
    expect(at100.at(Date.parse('2013-01-01T06:00:00Z'))).toBe(4.8);
    expect(at120.at(Date.parse('2013-01-01T06:00:00Z'))).toBe(5.74);
    expect(at100.at(Date.parse('2013-06-16T22:00:00Z'))).toBe(4.27);
    let sum = 0;
    for (const point of at100.points()) sum += point.value;
    expect(sum / 8760).toBeCloseTo(7.094, 3);
  });

  it('parses heights from wind_speed_<h>m_m_s column names only', () => {
    const header = [
      'interval_start_utc',
      'wind_direction_80m_deg',
      'wind_speed_80m_m_s',
      'wind_speed_140.5m_m_s',
    ];
    expect(windSpeedColumns(header).map((c) => [c.heightM, c.column.index])).toEqual([
      [80, 2],
      [140.5, 3],
    ]);
  });

  describe('malformed files', () => {
    let temp: TempDir;
    beforeAll(async () => {
      temp = await makeTempDir();
    });
    afterAll(async () => {
      await temp.remove();
    });

    it('names the file when no wind-speed column exists', async () => {
      const path = await temp.write('site_wind_hubheight_2020.csv', 'interval_start_utc,wind_speed\n');
      await expect(readHubHeightWind('site', path)).rejects.toThrow(
        /site_wind_hubheight_2020\.csv:1 .*wind_speed_<height>m_m_s/,
      );
    });

    it('names file, line and column of a bad value', async () => {
      const path = await temp.write(
        'site_weather_2020.csv',
        'interval_start_utc,ghi_w_m2,temp_air_c\n2020-01-01T00:00:00Z,0,5\n2020-01-01T01:00:00Z,0,warm\n',
      );
      await expect(readSolarWeather('site', path)).rejects.toThrow(
        /site_weather_2020\.csv:3:3 \(column temp_air_c\): "warm" is not a number/,
      );
    });

    it('rejects a repeated hour even where it sorts rows', async () => {
      const path = await temp.write(
        'dup_weather_2020.csv',
        'interval_start_utc,ghi_w_m2,temp_air_c\n2020-01-01T01:00:00Z,0,5\n2020-01-01T00:00:00Z,0,5\n2020-01-01T01:00:00Z,0,5\n',
      );
      await expect(readSolarWeather('dup', path)).rejects.toThrow(/appears twice/);
    });
  });
});
