-- Errors: every kalkyl status is an SQL error with its SQLSTATE and kalkyl's
-- message; nothing is NULL or wrapped instead.
\set VERBOSITY sqlstate
-- 22003: more than 38 digits.
SELECT kalkyl_round(1e37, 2);
SELECT kalkyl_round(123456789012345678901234567890123456789, 0);
SELECT kalkyl_parse('123456789012345678901234567890123456789', 'C');
SELECT kalkyl_divide(1e30, 1e-8, 2);
SELECT kalkyl_sum_array(ARRAY[99999999999999999999999999999999999999, 1]);
-- 22023: a scale beyond 28, a mode, locale or unit kalkyl does not know,
-- NaN and Infinity, arguments out of range.
SELECT kalkyl_round(0.00000000000000000000000000001, 2);
SELECT kalkyl_round(1, 29);
SELECT kalkyl_round(1, -1);
SELECT kalkyl_round(1, 0, 'half_odd');
SELECT kalkyl_round('NaN', 0);
SELECT kalkyl_round('Infinity', 0);
SELECT kalkyl_round('-Infinity', 0);
SELECT kalkyl_parse('1', 'de-DE');
SELECT kalkyl_format(1, 0, 'dollar');
SELECT kalkyl_format(1, 0, 'kr', 'half_up', 'auto');
SELECT kalkyl_unit_cost_row(100, 200, 5, 0);
SELECT kalkyl_unit_cost_row(100, 0, 0, 0);
SELECT kalkyl_check_sum(ARRAY[]::numeric[], 0, 0);
-- 22004 for a NULL inside an array.
SELECT kalkyl_sum_array(ARRAY[1, NULL]);
-- 22P02: text that is not an amount.
SELECT kalkyl_parse('7.0');
SELECT kalkyl_parse('12 kr', 'C');
SELECT kalkyl_parse('', 'sv-SE');
SELECT kalkyl_parse('1,234', 'auto');
-- 22012: division by zero.
SELECT kalkyl_divide(1, 0, 2);
SELECT kalkyl_divide(0, 0.00, 0);
-- Window functions: a total that differs within a partition, bad modes.
SELECT kalkyl_allocate(t, 1, 0) OVER () FROM (VALUES (10), (11)) AS v(t);
SELECT kalkyl_allocate(10, 1, 0, 'fair') OVER () FROM generate_series(1, 2);
SELECT kalkyl_allocate(10, w, 0) OVER () FROM (VALUES (1), (-1)) AS v(w);
SELECT kalkyl_allocate(10.5, 1, 0) OVER () FROM generate_series(1, 2);
SELECT kalkyl_foot(v, 0, 'kr', 'round') OVER () FROM (VALUES (1.5)) AS v(v);
SELECT kalkyl_foot(v, 29) OVER () FROM (VALUES (1.5)) AS v(v);

-- The messages themselves (kalkyl_last_error) and the SQLSTATE.
\set VERBOSITY default
SELECT kalkyl_round(1e37, 2);
SELECT kalkyl_divide(5, 0, 0);
SELECT kalkyl_round(0.00000000000000000000000000001, 2);
SELECT kalkyl_allocate(t, 1, 0) OVER () FROM (VALUES (10), (11)) AS v(t);
