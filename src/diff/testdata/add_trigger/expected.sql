SET check_function_bodies = false;

CREATE OR REPLACE FUNCTION public.stamp()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$ BEGIN NEW.note := 'seen'; RETURN NEW; END $function$;

CREATE TRIGGER orders_stamp BEFORE INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.stamp();
