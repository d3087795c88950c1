ALTER TABLE orders ADD COLUMN user_ref bigint;
CREATE INDEX CONCURRENTLY idx_orders_user_ref ON orders (user_ref);
