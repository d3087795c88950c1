SELECT count(*) FROM orders WHERE user_id IS NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);
