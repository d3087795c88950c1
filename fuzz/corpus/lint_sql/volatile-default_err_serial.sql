ALTER TABLE orders ADD COLUMN seq bigserial;
