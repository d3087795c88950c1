-- up
SET LOCAL search_path = billing, public;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SELECT set_config('lock_timeout', '5s', true);
CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql
  SET search_path = billing, pg_catalog
  AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
-- down
DROP FUNCTION billing.touch();
