SET check_function_bodies = false;

ALTER TABLE public.customers ADD COLUMN active boolean DEFAULT true NOT NULL;
