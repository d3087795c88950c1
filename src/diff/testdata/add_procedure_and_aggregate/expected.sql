SET check_function_bodies = false;

CREATE OR REPLACE PROCEDURE public.cleanup(IN days integer)
 LANGUAGE sql
AS $procedure$ DELETE FROM orders WHERE id < days $procedure$;

CREATE OR REPLACE FUNCTION public.concat_step(acc text, x text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT coalesce(acc || ',', '') || x $function$;

CREATE AGGREGATE public.concat_all(text) (
    SFUNC = public.concat_step,
    STYPE = text
);
