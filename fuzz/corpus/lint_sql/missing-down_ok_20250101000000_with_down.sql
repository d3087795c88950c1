-- up
CREATE TABLE t (a int);
-- down
DROP TABLE t;
