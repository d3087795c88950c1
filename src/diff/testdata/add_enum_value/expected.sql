SET check_function_bodies = false;

ALTER TYPE public.status ADD VALUE 'paid' AFTER 'new';

ALTER TYPE public.status ADD VALUE 'refunded' AFTER 'done';
