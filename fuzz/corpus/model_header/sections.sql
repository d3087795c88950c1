-- materialized: incremental
-- unique_key: id

-- @base
SELECT * FROM public.events

-- @incremental
SELECT e.* FROM public.events e JOIN staging.new_ids n USING (id)
WHERE e.id > (SELECT MAX(id) FROM marts.user_stats)
