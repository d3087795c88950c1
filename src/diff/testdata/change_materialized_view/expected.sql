SET check_function_bodies = false;

DROP MATERIALIZED VIEW public.customer_stats;

CREATE MATERIALIZED VIEW public.customer_stats AS
SELECT orders.customer_id,
    count(*) AS n,
    sum(orders.total) AS total
   FROM public.orders
  GROUP BY orders.customer_id;

CREATE UNIQUE INDEX customer_stats_id ON public.customer_stats USING btree (customer_id);
