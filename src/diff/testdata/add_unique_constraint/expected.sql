SET check_function_bodies = false;

ALTER TABLE public.customers ADD CONSTRAINT customers_email_key UNIQUE (email);
