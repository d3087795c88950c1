SET check_function_bodies = false;

DROP VIEW public.order_totals;

ALTER TABLE public.orders ALTER COLUMN total DROP DEFAULT;

-- destructive: this step can lose data
ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(12,2) USING total::numeric(12,2);

ALTER TABLE public.orders ALTER COLUMN total SET DEFAULT 0;

CREATE VIEW public.order_totals AS
SELECT customer_id,
    sum(total) AS total
   FROM public.orders
  GROUP BY customer_id;
