SET check_function_bodies = false;

DROP VIEW public.order_totals;

-- destructive: this step can lose data
ALTER TABLE public.orders DROP COLUMN priority;

-- destructive: this step can lose data
DROP TYPE public.priority;

CREATE VIEW public.order_totals AS
SELECT customer_id,
    sum(total) AS total
   FROM public.orders
  GROUP BY customer_id;
