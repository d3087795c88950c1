CREATE TABLE t (id bigint PRIMARY KEY, n int CHECK (n > 0), u bigint REFERENCES users (id));
CREATE INDEX ON t (n);
