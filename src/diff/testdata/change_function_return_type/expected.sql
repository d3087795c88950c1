SET check_function_bodies = false;

DROP FUNCTION public.order_count(c integer);

CREATE OR REPLACE FUNCTION public.order_count(c integer)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $function$ SELECT count(*)::integer FROM orders WHERE customer_id = c $function$;
