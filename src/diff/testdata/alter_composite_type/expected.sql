SET check_function_bodies = false;

ALTER TYPE public.money_amount ALTER ATTRIBUTE amount TYPE numeric(12,2);

ALTER TYPE public.money_amount ADD ATTRIBUTE rate real;
