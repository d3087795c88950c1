-- pgcrate: no-transaction
-- up
CREATE INDEX i ON t (a); -- pgcrate-lint: ignore require-concurrent-index-creation
ALTER TABLE t ADD COLUMN b int NOT NULL;
BEGIN;
ALTER TABLE t ALTER COLUMN a TYPE bigint;
COMMIT;
-- down
DROP INDEX i;
