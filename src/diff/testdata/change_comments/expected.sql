SET check_function_bodies = false;

COMMENT ON TABLE public.customers IS 'who buys';

COMMENT ON COLUMN public.orders.note IS 'free text';
