-- Used by views/user_order_stats.sql: the file names say nothing about the order; pgcrate
-- reads the view with the PostgreSQL parser and creates this function first.
CREATE OR REPLACE FUNCTION order_tier(total_cents bigint) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE WHEN total_cents >= 100000 THEN 'gold'
              WHEN total_cents >= 10000 THEN 'silver'
              ELSE 'bronze' END
$$;
