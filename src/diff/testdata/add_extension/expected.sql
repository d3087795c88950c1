SET check_function_bodies = false;

CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public;

ALTER TABLE public.orders ADD COLUMN attrs public.hstore;
