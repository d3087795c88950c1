-- up
SET search_path = billing, public;
CREATE TABLE invoices (id bigint PRIMARY KEY);
-- down
DROP TABLE billing.invoices;
