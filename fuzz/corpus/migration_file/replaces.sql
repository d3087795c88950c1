-- pgcrate: replaces 20250101000000 20250102000000
-- pgcrate: replaces 20250103000000
-- up
CREATE TABLE t (id int);
