-- pgcrate: no-transaction
-- up
BEGIN;
CREATE TABLE order_totals (order_id bigint PRIMARY KEY, total numeric);
ALTER TABLE orders ADD COLUMN total_id bigint;
COMMIT;
CREATE TEMP TABLE scratch (id bigint);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_total_id ON orders (total_id);
-- down
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_total_id;
