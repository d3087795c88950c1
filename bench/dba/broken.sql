-- The broken database of the check_postgres agreement bench: each problem both tools cover.
-- A sequence at 95% and one at 87% of their range.
CREATE SEQUENCE order_seq AS integer;
SELECT setval('order_seq', 2040109466);
CREATE SEQUENCE invoice_seq AS integer;
SELECT setval('invoice_seq', 1868310000);
CREATE SEQUENCE healthy_seq;
SELECT nextval('healthy_seq');

-- The table the lock holder locks.
CREATE TABLE accounts (id int PRIMARY KEY, balance int);
INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 100) g;

-- Bloat: 80% of a table and its index deleted, then vacuumed (space kept, not returned).
CREATE TABLE events (id int, payload text) WITH (autovacuum_enabled = false);
INSERT INTO events SELECT g, repeat('x', 200) FROM generate_series(1, 200000) g;
CREATE INDEX events_id_idx ON events (id);
DELETE FROM events WHERE id <= 160000;
VACUUM events;
ANALYZE events;

-- Vacuumed and analyzed a while ago (compared against 1 second) vs never.
CREATE TABLE orders (id int PRIMARY KEY, account_id int REFERENCES accounts, total numeric)
  WITH (autovacuum_enabled = false);
INSERT INTO orders SELECT g, g % 100 + 1, g FROM generate_series(1, 20000) g;
VACUUM ANALYZE orders;
DELETE FROM orders WHERE id % 2 = 0;
CREATE TABLE audit_log (id int, at timestamptz DEFAULT now()) WITH (autovacuum_enabled = false);
INSERT INTO audit_log (id) SELECT generate_series(1, 5000);
ANALYZE accounts;
