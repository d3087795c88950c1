-- materialized: incremental
-- unique_key: day
-- deps: staging.stg_orders
-- tags: daily
-- tests: not_null(day), unique(day)
-- description: Revenue per day, merged into the table on each run.

SELECT created_at::date AS day, count(*) AS orders, sum(total_cents) AS cents
FROM staging.stg_orders
GROUP BY 1
