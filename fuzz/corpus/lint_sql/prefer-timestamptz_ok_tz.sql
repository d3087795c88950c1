CREATE TABLE t (at timestamptz, at2 timestamp with time zone);
