-- pgcrate: no-transaction
-- up
BEGIN;
ALTER TABLE orders ADD COLUMN user_id bigint;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);
COMMIT;
-- down
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id;
