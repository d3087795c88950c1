SET check_function_bodies = false;

CREATE TYPE public.money_amount AS (
    amount numeric,
    currency character(3)
);
