SET check_function_bodies = false;

CREATE TABLE public.products (
    sku text NOT NULL PRIMARY KEY,
    price numeric NOT NULL,
    CONSTRAINT products_price_check CHECK ((price > (0)::numeric))
);
