SET lock_timeout = 0;
SET LOCAL statement_timeout = '0';
