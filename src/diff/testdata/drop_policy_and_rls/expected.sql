SET check_function_bodies = false;

DROP POLICY orders_visible ON public.orders;

ALTER TABLE public.orders DISABLE ROW LEVEL SECURITY;
