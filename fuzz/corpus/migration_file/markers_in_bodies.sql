/* header */
-- UP
CREATE FUNCTION f() RETURNS int AS $$
-- down
SELECT 1;
$$ LANGUAGE sql;
SELECT '-- down';
  --   Down  
-- only a comment
