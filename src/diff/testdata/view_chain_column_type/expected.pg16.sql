SET check_function_bodies = false;

DROP VIEW public.top_customers;

DROP VIEW public.order_totals;

ALTER SEQUENCE public.customers_id_seq
    AS bigint
    START WITH 1
    INCREMENT BY 1
    MINVALUE 1
    MAXVALUE 9223372036854775807
    CACHE 1
    NO CYCLE;

ALTER TABLE public.customers ALTER COLUMN id DROP DEFAULT;

-- destructive: this step can lose data
ALTER TABLE public.customers ALTER COLUMN id TYPE bigint USING id::bigint;

ALTER TABLE public.customers ALTER COLUMN id SET DEFAULT nextval('public.customers_id_seq'::regclass);

-- destructive: this step can lose data
ALTER TABLE public.orders ALTER COLUMN customer_id TYPE bigint USING customer_id::bigint;

CREATE VIEW public.order_totals AS
SELECT customer_id,
    sum(total) AS total
   FROM public.orders
  GROUP BY customer_id;

CREATE VIEW public.top_customers AS
SELECT customer_id
   FROM public.order_totals
  WHERE (total > (10)::numeric);
