-- pgcrate: no-transaction
-- up
SET lock_timeout = '5s';
SET statement_timeout = '10min';
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);
RESET lock_timeout;
SET statement_timeout TO DEFAULT;
-- down
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id;
