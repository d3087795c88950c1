SET check_function_bodies = false;

-- destructive: this step can lose data
DROP TABLE public.audit_log;
