SET check_function_bodies = false;

DROP MATERIALIZED VIEW public.customer_stats;

CREATE MATERIALIZED VIEW public.customer_stats AS
SELECT customer_id,
    count(*) AS n,
    sum(total) AS total
   FROM public.orders
  GROUP BY customer_id;

CREATE UNIQUE INDEX customer_stats_id ON public.customer_stats USING btree (customer_id);
