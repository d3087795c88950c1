-- Declarative: pgcrate apply (re)creates this view after the migrations, in dependency order.
CREATE VIEW user_order_stats AS
SELECT u.id AS user_id,
       u.email,
       count(o.id) AS orders,
       coalesce(sum(o.total_cents), 0) AS total_cents,
       order_tier(coalesce(sum(o.total_cents), 0)::bigint) AS tier
FROM users u
LEFT JOIN orders o ON o.user_id = u.id
GROUP BY u.id, u.email;

COMMENT ON VIEW user_order_stats IS 'Orders and spend per user (db/code/views).';
