SET check_function_bodies = false;

CREATE POLICY orders_visible ON public.orders AS PERMISSIVE FOR SELECT TO PUBLIC USING ((status <> 'done'::public.status));

ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
