-- pgcrate: no-transaction
-- up
BEGIN;
ALTER TABLE orders ADD COLUMN total numeric;
CREATE INDEX idx_orders_total ON orders (total);
UPDATE orders SET total = price * qty;
COMMIT;
-- down
ALTER TABLE orders DROP COLUMN total;
