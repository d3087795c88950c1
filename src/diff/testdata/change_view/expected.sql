SET check_function_bodies = false;

DROP VIEW public.order_totals;

CREATE VIEW public.order_totals AS
SELECT orders.customer_id,
    sum(orders.total) AS total,
    count(*) AS n
   FROM public.orders
  GROUP BY orders.customer_id;
