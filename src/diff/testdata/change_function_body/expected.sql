SET check_function_bodies = false;

CREATE OR REPLACE FUNCTION public.order_count(c integer)
 RETURNS bigint
 LANGUAGE sql
 STABLE
AS $function$ SELECT count(*) FROM orders WHERE customer_id = c AND status <> 'done' $function$;
