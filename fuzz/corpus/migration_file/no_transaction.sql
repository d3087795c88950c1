-- pgcrate: no-transaction
-- up
CREATE INDEX CONCURRENTLY i ON t (a);
-- down
DROP INDEX CONCURRENTLY i;
