UPDATE orders SET status = 'new' WHERE status IS NULL;
DELETE FROM orders WHERE id = 1;
