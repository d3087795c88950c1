-- materialized: incremental
-- unique_key: id
-- watermark: updated_at, id
-- lookback: 2 days
-- deps: staging.stg_users
-- tests: unique(id, "Day"), not_null("Mixed Case"), accepted_values(kind, [1, -2, 3.5, 'it''s', E'\\n'])
-- tests: relationships(user_id, staging.stg_users.user_id)
SELECT id, name, updated_at FROM public.source WHERE id > 0
