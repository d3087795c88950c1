SET check_function_bodies = false;

ALTER TABLE public.orders DROP CONSTRAINT orders_customer_id_fkey;

ALTER TABLE public.orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE DEFERRABLE;
