DROP TABLE IF EXISTS legacy_events;
