SET check_function_bodies = false;

DROP VIEW public.people_names;

ALTER TYPE public.pair ALTER ATTRIBUTE a TYPE text COLLATE pg_catalog."C";

ALTER TYPE public.pair ALTER ATTRIBUTE b TYPE text;

-- destructive: this step can lose data
ALTER TABLE public.people ALTER COLUMN name TYPE text COLLATE pg_catalog."C" USING name::text;

-- destructive: this step can lose data
ALTER TABLE public.people ALTER COLUMN code TYPE character varying(10) COLLATE pg_catalog."POSIX" USING code::character varying(10);

-- destructive: this step can lose data
ALTER TABLE public.people ALTER COLUMN tag TYPE text USING tag::text;

-- destructive: this step can lose data
ALTER TABLE public.people ALTER COLUMN nick TYPE character varying(20) COLLATE pg_catalog."POSIX" USING nick::character varying(20);

CREATE VIEW public.people_names AS
SELECT id,
    name
   FROM public.people;
