-- materialized: table
-- deps: staging.stg_orders, staging.stg_users
-- tags: daily
-- tests: not_null(user_id), unique(user_id)
-- description: Orders and revenue per user (users without orders included).

SELECT u.user_id, u.name, count(o.order_id) AS orders, coalesce(sum(o.total_cents), 0) AS cents
FROM staging.stg_users u
LEFT JOIN staging.stg_orders o ON o.user_id = u.user_id
GROUP BY u.user_id, u.name
