ALTER TABLE orders ADD COLUMN total numeric;
UPDATE orders SET total = price * qty WHERE total IS NULL;
