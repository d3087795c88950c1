SET check_function_bodies = false;

ALTER TABLE public.orders DROP CONSTRAINT orders_customer_id_fkey;
