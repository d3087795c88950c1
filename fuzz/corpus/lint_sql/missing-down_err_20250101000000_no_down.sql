-- up
CREATE TABLE t (a int);
