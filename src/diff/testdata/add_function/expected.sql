SET check_function_bodies = false;

CREATE OR REPLACE FUNCTION public.double_it(x integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $function$SELECT x * 2$function$;
