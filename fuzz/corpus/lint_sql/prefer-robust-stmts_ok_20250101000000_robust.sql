-- pgcrate: no-transaction
-- up
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);
-- down
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id;
