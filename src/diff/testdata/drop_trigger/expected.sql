SET check_function_bodies = false;

DROP TRIGGER orders_stamp ON public.orders;
