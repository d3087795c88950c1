-- materialized: incremental
-- unique_key: id
-- incremental_filter: created_at > current_date - interval '7 days' AND id NOT IN (SELECT id FROM staging.excluded)
SELECT * FROM public.events
