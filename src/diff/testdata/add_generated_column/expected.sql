SET check_function_bodies = false;

ALTER TABLE public.orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (((total * (100)::numeric))::bigint) STORED;
