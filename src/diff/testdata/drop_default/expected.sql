SET check_function_bodies = false;

ALTER TABLE public.orders ALTER COLUMN total DROP DEFAULT;
