SET check_function_bodies = false;

ALTER TABLE public.orders DISABLE TRIGGER orders_stamp;
