-- pgcrate: no-transaction
-- up
BEGIN;
ALTER TABLE orders ADD COLUMN total_id bigint;
COMMIT;
CREATE TABLE order_totals (order_id bigint PRIMARY KEY, total numeric);
-- down
DROP TABLE order_totals;
