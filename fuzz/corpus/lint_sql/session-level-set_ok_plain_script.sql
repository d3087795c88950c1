SET search_path = billing, public;
SELECT count(*) FROM invoices;
