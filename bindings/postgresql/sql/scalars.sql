-- Scalars: rounding, division, text in and out, unit costs, KPB, checks.

-- All seven rounding modes on the ties and near-ties that tell them apart.
SELECT v, m, kalkyl_round(v, 0, m) AS rounded
FROM (VALUES (2.5), (-2.5), (3.5), (2.1), (-2.1), (2.9), (-2.9)) AS values_(v),
     (VALUES ('half_up'), ('half_even'), ('half_down'), ('down'), ('up'), ('floor'), ('ceiling')) AS modes(m)
ORDER BY m, v;
-- The mode's name is case-insensitive; the default is half_up.
SELECT kalkyl_round(5.382, 1), kalkyl_round(5.35, 1, 'HALF_EVEN'), kalkyl_round(1.5, 3);
-- Raising the scale is exact and keeps every digit.
SELECT kalkyl_round(12345678901234567890123456789012345678, 0) AS at_38_digits,
       kalkyl_round(-0.0000000000000000000000000001, 28) AS at_scale_28;

-- Uppsala aug 2024, 5731: 123 464 tkr over 22 939 vårddygn, one decimal.
SELECT kalkyl_divide(123464, 22939, 1, 'half_up') AS per_day,
       kalkyl_divide(1, 3, 28, 'down') AS third,
       kalkyl_divide(-7, 2, 0, 'half_even') AS minus_3_5_even;

-- Text as reports print it (sv-SE: spaces, U+00A0 or '.' between groups,
-- ',' before decimals, '−' or '-') and in C.
SELECT kalkyl_parse('−1 234,50') AS sv_minus,
       kalkyl_parse('1 234 567', 'sv-SE') AS sv_nbsp,
       kalkyl_parse('1.234,5', 'sv_SE') AS sv_dots,
       kalkyl_parse('-1,234.5', 'C') AS c_groups,
       kalkyl_parse('0,5', 'auto') AS auto_unique;
SELECT kalkyl_format(-1234567.891, 1, 'tkr') AS tkr,
       kalkyl_format(123464, 0, 'kr', 'half_up', 'C') AS c_kr,
       kalkyl_format(685000000, 1, 'mnkr') AS mnkr,
       kalkyl_format(-0.4, 0) AS no_minus_zero,
       kalkyl_format(2.5, 0, 'kr', 'half_even') AS even;
-- What kalkyl_format writes (without the unit) reads back to the value.
SELECT v, kalkyl_parse(kalkyl_format(v, 2)) = v AS round_trips
FROM (VALUES (0.00), (1234.56), (-98765432.10), (99999999999999999999999999999999999.99)) AS t(v);

-- Unit costs: nettokostnad per vårddygn (Uppsala 5731), the few-cases flag.
SELECT * FROM kalkyl_unit_cost_row(124998, 1534, 22939, 1, 'half_up');
SELECT * FROM kalkyl_unit_cost_row(1000, 0, 9, 0);
SELECT * FROM kalkyl_kolada_unit_cost(2000, 100, 300, 40, 2);
-- KPB, Eskilstuna 2022: 6 106 kr per invånare, KPB 89 734, 5,7 % brukare.
SELECT * FROM kalkyl_kpb_total(658914702, 103014615, 107918, 6195);
-- Without the costs not linked to users the KPB is not determined.
SELECT * FROM kalkyl_kpb_total(658914702, NULL, 107918, 6195, 0, 'half_up', 1, 'half_up');

-- A printed sum: Uppsala aug 2024, periodens utfall in whole mnkr: rows
-- adding to -28 under a printed -27 are rounding (tolerance 3,5).
SELECT * FROM kalkyl_check_sum(ARRAY[0, -3, -4, -21, 0, 0]::numeric[], -27, 0);
SELECT * FROM kalkyl_check_sum(ARRAY[1, 2, 3]::numeric[], 6, 0);
SELECT * FROM kalkyl_check_sum(ARRAY[1, 2, 3]::numeric[], 10, 0);
SELECT (kalkyl_check_sum(ARRAY[10.4, 20.4]::numeric[], 30.9, 1)).verdict;

-- kalkyl_sum over an array: the C ABI's column sum, scale rule included.
SELECT kalkyl_sum_array(ARRAY[1.5, 2.25, -0.75]) AS mixed_scales,
       kalkyl_sum_array(ARRAY[]::numeric[]) AS empty,
       kalkyl_sum_array(ARRAY[99999999999999999999999999999999999999, 1, -2]) AS cancels;

-- NULL in, NULL out.
SELECT kalkyl_round(NULL, 2), kalkyl_divide(1, NULL, 2), kalkyl_parse(NULL), kalkyl_format(NULL);
