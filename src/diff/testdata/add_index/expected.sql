SET check_function_bodies = false;

CREATE INDEX customers_email ON public.customers USING btree (lower(email)) WHERE (email IS NOT NULL);
