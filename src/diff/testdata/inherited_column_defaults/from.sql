CREATE TABLE events (id integer, kind text DEFAULT 'generic', weight integer DEFAULT 1);
CREATE TABLE click_events () INHERITS (events);
ALTER TABLE click_events ALTER COLUMN kind SET DEFAULT 'click';
CREATE TABLE measures (id integer, val integer DEFAULT 0, at date) PARTITION BY RANGE (at);
CREATE TABLE measures_2024 PARTITION OF measures
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
