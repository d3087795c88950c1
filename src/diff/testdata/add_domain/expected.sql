SET check_function_bodies = false;

CREATE DOMAIN public.percent AS numeric
    CONSTRAINT percent_check CHECK (((VALUE >= (0)::numeric) AND (VALUE <= (100)::numeric)));

ALTER TABLE public.orders ADD COLUMN discount public.percent;
