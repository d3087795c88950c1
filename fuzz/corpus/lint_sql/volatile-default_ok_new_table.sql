CREATE TABLE t (id bigint);
ALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid();
