-- pgcrate: no-transaction
-- up
BEGIN;
CREATE TABLE t (a int);
COMMIT;
-- down
DROP TABLE t;
