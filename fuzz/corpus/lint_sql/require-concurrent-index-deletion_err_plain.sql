DROP INDEX idx_orders_user_id;
