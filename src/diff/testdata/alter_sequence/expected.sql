SET check_function_bodies = false;

ALTER SEQUENCE public.invoice_no
    AS bigint
    START WITH 1000
    INCREMENT BY 5
    MINVALUE 1
    MAXVALUE 99999
    CACHE 1
    CYCLE;
