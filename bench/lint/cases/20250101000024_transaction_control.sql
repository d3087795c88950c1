-- up
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
-- down
ALTER TABLE orders DROP COLUMN note;
