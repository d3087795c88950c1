SET check_function_bodies = false;

ALTER TABLE public.customers ALTER COLUMN name DROP NOT NULL;
