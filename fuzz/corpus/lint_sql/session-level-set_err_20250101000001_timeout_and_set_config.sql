-- pgcrate: no-transaction
-- up
SET SESSION statement_timeout = '10min';
SELECT set_config('lock_timeout', '5s', false);
SET ROLE migrator;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);
RESET statement_timeout;
-- down
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id;
