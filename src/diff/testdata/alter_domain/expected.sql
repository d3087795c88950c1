SET check_function_bodies = false;

ALTER DOMAIN public.percent SET DEFAULT 0;

ALTER DOMAIN public.percent SET NOT NULL;

ALTER DOMAIN public.percent DROP CONSTRAINT percent_check;

ALTER DOMAIN public.percent ADD CONSTRAINT percent_range CHECK (((VALUE >= (0)::numeric) AND (VALUE <= (100)::numeric)));
