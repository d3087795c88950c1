SET check_function_bodies = false;

ALTER TABLE public.customers ALTER COLUMN email SET DEFAULT 'nobody@example.com'::text;
