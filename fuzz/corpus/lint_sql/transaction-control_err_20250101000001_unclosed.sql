-- pgcrate: no-transaction
-- up
BEGIN;
ALTER TABLE orders ADD COLUMN total numeric;
-- down
ALTER TABLE orders DROP COLUMN total;
