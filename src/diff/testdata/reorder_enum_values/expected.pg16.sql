SET check_function_bodies = false;

DROP VIEW public.order_totals;

-- destructive: this step can lose data
ALTER TYPE public.status RENAME TO status__pgcrate_old;

CREATE TYPE public.status AS ENUM (
    'done',
    'new'
);

ALTER TABLE ONLY public.orders ALTER COLUMN status DROP DEFAULT;

-- destructive: this step can lose data
ALTER TABLE public.orders ALTER COLUMN status TYPE public.status USING status::text::public.status;

ALTER TABLE ONLY public.orders ALTER COLUMN status SET DEFAULT 'new'::public.status;

-- destructive: this step can lose data
DROP TYPE public.status__pgcrate_old;

CREATE VIEW public.order_totals AS
SELECT customer_id,
    sum(total) AS total
   FROM public.orders
  GROUP BY customer_id;
