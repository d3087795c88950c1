SET check_function_bodies = false;

CREATE MATERIALIZED VIEW public.customer_stats AS
SELECT customer_id,
    count(*) AS n
   FROM public.orders
  GROUP BY customer_id;

CREATE UNIQUE INDEX customer_stats_id ON public.customer_stats USING btree (customer_id);
