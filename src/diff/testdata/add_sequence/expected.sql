SET check_function_bodies = false;

CREATE SEQUENCE public.invoice_no
    AS integer
    START WITH 1000
    INCREMENT BY 10
    MINVALUE 1
    MAXVALUE 2147483647
    CACHE 1
    NO CYCLE;
