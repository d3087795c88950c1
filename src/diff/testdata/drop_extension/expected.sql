SET check_function_bodies = false;

-- destructive: this step can lose data
DROP EXTENSION hstore;
