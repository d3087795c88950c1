SET check_function_bodies = false;

-- destructive: this step can lose data
DROP TABLE scratch.tmp;

-- destructive: this step can lose data
DROP SCHEMA scratch;
