SET check_function_bodies = false;

DROP FUNCTION public.order_count(c integer);
