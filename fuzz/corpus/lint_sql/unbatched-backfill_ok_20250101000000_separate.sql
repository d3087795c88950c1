-- pgcrate: no-transaction
-- up
BEGIN;
ALTER TABLE orders ADD COLUMN total numeric;
CREATE INDEX idx_orders_total ON orders (total);
COMMIT;
UPDATE orders SET total = price * qty WHERE id BETWEEN 1 AND 5000;
-- down
ALTER TABLE orders DROP COLUMN total;
