-- materialized: table
-- description: see https://example.com/x
-- tags: a, b
-- tests: accepted_values(s, ['a', 'b']), unique(a, b)
WITH x AS (SELECT 1 AS a) SELECT a, 'b' AS b, s FROM x, pg_class
