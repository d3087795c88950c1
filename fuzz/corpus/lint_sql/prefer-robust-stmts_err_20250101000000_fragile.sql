-- pgcrate: no-transaction
-- up
CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);
ALTER TABLE orders ADD COLUMN note text;
-- down
DROP INDEX CONCURRENTLY idx_orders_user_id;
