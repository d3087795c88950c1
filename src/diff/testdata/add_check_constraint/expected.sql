SET check_function_bodies = false;

ALTER TABLE public.orders ADD CONSTRAINT orders_total_positive CHECK ((total >= (0)::numeric));
