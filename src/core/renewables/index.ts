export {
  describePvModel,
  PV_DEFAULTS,
  type PvParams,
  pvCellTempC,
  pvOutputMw,
  type ResolvedPvParams,
  resolvePvParams,
} from './pv-model.ts';
export {
  buildRenewableProfile,
  type ProfileWindow,
  type RenewableProfile,
  type RenewableProfileSource,
  type SolarProfileSource,
  type WindProfileSource,
} from './renewable-profile.ts';
export {
  DAY_MS,
  describeWeatherYearMapping,
  HOUR_MS,
  inferWeatherYear,
  isLeapYear,
  locateWeatherHour,
  mapToWeatherYear,
  type WeatherHour,
  type WeatherHourSource,
  type WeatherYearMappingSummary,
} from './weather-year-mapping.ts';
export {
  describeWindTurbine,
  pickHeight,
  powerCurveFraction,
  type ResolvedWindTurbineParams,
  resolveWindTurbineParams,
  WIND_TURBINE_DEFAULTS,
  type WindTurbineParams,
  windTurbineOutputMw,
} from './wind-turbine-model.ts';
