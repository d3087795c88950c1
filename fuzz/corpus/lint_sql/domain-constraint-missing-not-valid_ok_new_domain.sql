CREATE DOMAIN positive_amount AS numeric;
ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0);
ALTER DOMAIN public.positive_amount SET NOT NULL;
