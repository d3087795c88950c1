SET check_function_bodies = false;

CREATE TYPE public.priority AS ENUM (
    'low',
    'high'
);

ALTER TABLE public.orders ADD COLUMN priority public.priority;
