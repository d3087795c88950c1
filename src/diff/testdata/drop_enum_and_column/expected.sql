SET check_function_bodies = false;

DROP VIEW public.order_totals;

-- destructive: this step can lose data
ALTER TABLE public.orders DROP COLUMN priority;

-- destructive: this step can lose data
DROP TYPE public.priority;

CREATE VIEW public.order_totals AS
SELECT orders.customer_id,
    sum(orders.total) AS total
   FROM public.orders
  GROUP BY orders.customer_id;
