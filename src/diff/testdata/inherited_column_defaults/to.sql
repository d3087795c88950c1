CREATE TABLE events (id integer, kind text DEFAULT 'generic', weight integer DEFAULT 2);
CREATE TABLE click_events () INHERITS (events);
ALTER TABLE click_events ALTER COLUMN kind SET DEFAULT 'tap';
ALTER TABLE click_events ALTER COLUMN weight SET DEFAULT 1;
CREATE TABLE view_events () INHERITS (events);
ALTER TABLE view_events ALTER COLUMN kind SET DEFAULT 'view';
ALTER TABLE view_events ALTER COLUMN weight DROP DEFAULT;
CREATE TABLE measures (id integer, val integer DEFAULT 0, at date) PARTITION BY RANGE (at);
CREATE TABLE measures_2024 PARTITION OF measures
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE measures_2024 ALTER COLUMN val SET DEFAULT 42;
CREATE TABLE measures_2025 PARTITION OF measures
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE measures_2025 ALTER COLUMN val SET DEFAULT 7;
