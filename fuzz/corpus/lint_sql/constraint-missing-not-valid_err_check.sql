ALTER TABLE orders ADD CONSTRAINT chk_orders_qty CHECK (qty > 0);
