CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE customers (
  id serial PRIMARY KEY,
  name text NOT NULL,
  email text
);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  status status NOT NULL DEFAULT 'new',
  total numeric(10, 2) DEFAULT 0,
  note text
);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE VIEW order_totals AS
  SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id;
CREATE FUNCTION order_count(c integer) RETURNS bigint LANGUAGE sql STABLE
  AS $$ SELECT count(*) FROM orders WHERE customer_id = c $$;
