SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);
