SET check_function_bodies = false;

ALTER TABLE public.customers ADD COLUMN phone character varying(20);
