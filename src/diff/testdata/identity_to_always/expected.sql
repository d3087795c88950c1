SET check_function_bodies = false;

ALTER TABLE public.orders ALTER COLUMN id SET GENERATED ALWAYS;
