SET check_function_bodies = false;

DROP INDEX public.orders_customer;
