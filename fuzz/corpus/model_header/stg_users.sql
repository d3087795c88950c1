-- materialized: view
-- tags: staging
-- tests: not_null(user_id), unique(user_id)
-- description: Users with the columns the marts use.

SELECT id AS user_id, email, coalesce(display_name, email) AS name, created_at
FROM public.users
