SET check_function_bodies = false;

ALTER TABLE ONLY public.events ALTER COLUMN weight DROP DEFAULT;

ALTER TABLE ONLY public.events ALTER COLUMN weight SET DEFAULT 2;

ALTER TABLE ONLY public.click_events ALTER COLUMN kind SET DEFAULT 'tap'::text;

ALTER TABLE ONLY public.measures_2024 ALTER COLUMN val SET DEFAULT 42;

CREATE TABLE public.measures_2025 PARTITION OF public.measures
FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

ALTER TABLE ONLY public.measures_2025 ALTER COLUMN val SET DEFAULT 7;

CREATE TABLE public.view_events ()
INHERITS (public.events);

ALTER TABLE ONLY public.view_events ALTER COLUMN kind SET DEFAULT 'view'::text;

ALTER TABLE ONLY public.view_events ALTER COLUMN weight DROP DEFAULT;
