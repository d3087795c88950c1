SET check_function_bodies = false;

DROP MATERIALIZED VIEW public.customer_stats;
