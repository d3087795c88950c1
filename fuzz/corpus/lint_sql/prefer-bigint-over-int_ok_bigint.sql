CREATE TABLE t (id bigint PRIMARY KEY, qty int);
