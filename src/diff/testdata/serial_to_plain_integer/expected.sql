SET check_function_bodies = false;

ALTER TABLE public.customers ALTER COLUMN id DROP DEFAULT;

-- destructive: this step can lose data
DROP SEQUENCE public.customers_id_seq;
