CREATE TABLE t (id bigint PRIMARY KEY, n int CONSTRAINT chk_t_n CHECK (n > 0));
CREATE INDEX CONCURRENTLY idx_t_n ON t (n);
