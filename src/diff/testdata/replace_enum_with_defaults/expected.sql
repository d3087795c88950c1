SET check_function_bodies = false;

-- destructive: this step can lose data
ALTER TABLE public.notes DROP COLUMN s;

-- destructive: this step can lose data
DROP TABLE public.old_log;

-- destructive: this step can lose data
ALTER TYPE public.status RENAME TO status__pgcrate_old;

CREATE TYPE public.status AS ENUM (
    'new',
    'active',
    'done'
);

ALTER TABLE ONLY public.archived_tasks ALTER COLUMN status DROP DEFAULT;

ALTER TABLE ONLY public.archived_tasks ALTER COLUMN history DROP DEFAULT;

ALTER TABLE ONLY public.tasks ALTER COLUMN status DROP DEFAULT;

ALTER TABLE ONLY public.tasks ALTER COLUMN history DROP DEFAULT;

ALTER TABLE ONLY public.urgent_tasks ALTER COLUMN status DROP DEFAULT;

ALTER TABLE ONLY public.urgent_tasks ALTER COLUMN history DROP DEFAULT;

-- destructive: this step can lose data
ALTER TABLE public.tasks ALTER COLUMN status TYPE public.status USING status::text::public.status;

-- destructive: this step can lose data
ALTER TABLE public.tasks ALTER COLUMN history TYPE public.status[] USING history::text[]::public.status[];

ALTER TABLE ONLY public.archived_tasks ALTER COLUMN status SET DEFAULT 'done'::public.status;

ALTER TABLE ONLY public.archived_tasks ALTER COLUMN history SET DEFAULT '{new}'::public.status[];

ALTER TABLE ONLY public.tasks ALTER COLUMN status SET DEFAULT 'new'::public.status;

ALTER TABLE ONLY public.tasks ALTER COLUMN history SET DEFAULT '{new}'::public.status[];

ALTER TABLE ONLY public.urgent_tasks ALTER COLUMN status SET DEFAULT 'active'::public.status;

ALTER TABLE ONLY public.urgent_tasks ALTER COLUMN history SET DEFAULT '{new}'::public.status[];

-- destructive: this step can lose data
DROP TYPE public.status__pgcrate_old;

ALTER TABLE ONLY public.archived_tasks ALTER COLUMN status SET DEFAULT 'done'::public.status;
