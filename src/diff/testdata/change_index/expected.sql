SET check_function_bodies = false;

DROP INDEX public.orders_customer;

CREATE INDEX orders_customer ON public.orders USING btree (customer_id, status);
