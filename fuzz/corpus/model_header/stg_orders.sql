-- materialized: view
-- tags: staging
-- tests: not_null(order_id), accepted_values(status, ['new', 'paid', 'shipped']), relationships(user_id, staging.stg_users.user_id)
-- description: Orders in cents and their status.

SELECT id AS order_id, user_id, total_cents, status, created_at
FROM public.orders
