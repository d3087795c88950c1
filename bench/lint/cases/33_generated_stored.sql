ALTER TABLE orders ADD COLUMN total2 numeric GENERATED ALWAYS AS (price * qty) STORED;
