SET check_function_bodies = false;

DROP TRIGGER orders_stamp ON public.orders;

CREATE TRIGGER orders_stamp BEFORE INSERT OR UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.stamp();
