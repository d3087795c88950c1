CREATE TABLE t (name text, code varchar);
