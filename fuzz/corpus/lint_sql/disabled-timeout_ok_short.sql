SET LOCAL lock_timeout = '2s';
SET statement_timeout = '15min';
