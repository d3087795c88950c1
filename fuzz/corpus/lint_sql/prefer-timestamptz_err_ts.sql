CREATE TABLE t (at timestamp, at2 timestamp without time zone);
