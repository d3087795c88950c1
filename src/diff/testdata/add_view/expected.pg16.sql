SET check_function_bodies = false;

CREATE VIEW public.big_orders AS
SELECT id,
    total
   FROM public.orders
  WHERE (total > (100)::numeric);
