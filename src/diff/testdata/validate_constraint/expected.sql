SET check_function_bodies = false;

ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check;
