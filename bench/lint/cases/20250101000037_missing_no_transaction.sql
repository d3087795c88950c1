-- up
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_ref ON orders (ref);
-- down
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_ref;
