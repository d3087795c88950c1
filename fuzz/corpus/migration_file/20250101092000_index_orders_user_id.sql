-- Index the foreign key without blocking writes: CREATE INDEX CONCURRENTLY cannot run in a
-- transaction, so this migration opts out of pgcrate's per-migration transaction. Its
-- statements run one by one and the migration is recorded after the last one.
-- pgcrate: no-transaction

-- up
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);

-- down
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id;
