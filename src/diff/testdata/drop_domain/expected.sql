SET check_function_bodies = false;

-- destructive: this step can lose data
DROP DOMAIN public.percent;
