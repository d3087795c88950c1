SET check_function_bodies = false;

DROP VIEW public.order_totals;

CREATE VIEW public.order_totals AS
SELECT customer_id,
    sum(total) AS total,
    count(*) AS n
   FROM public.orders
  GROUP BY customer_id;
