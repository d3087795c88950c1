CREATE INDEX idx_orders_status ON orders (status);
INSERT INTO order_archive SELECT * FROM orders WHERE status = 'done';
