CREATE INDEX CONCURRENTLY idx_orders_user_id_created_at_status_and_more ON orders (user_id);
