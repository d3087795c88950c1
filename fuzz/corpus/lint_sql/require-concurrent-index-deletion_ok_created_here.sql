CREATE INDEX CONCURRENTLY idx_tmp ON orders (id);
DROP INDEX idx_tmp;
