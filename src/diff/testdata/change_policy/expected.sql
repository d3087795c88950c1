SET check_function_bodies = false;

DROP POLICY orders_visible ON public.orders;

CREATE POLICY orders_visible ON public.orders AS PERMISSIVE FOR SELECT TO PUBLIC USING ((status = 'new'::public.status));
