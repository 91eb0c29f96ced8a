-- Minute aggregates are kept incrementally against each device's newest reading (device_latest);
-- raw readings are no longer stored.
DROP TABLE IF EXISTS telemetry_readings;
