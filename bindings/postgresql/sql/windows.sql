-- Window functions: kalkyl_allocate and kalkyl_foot over whole partitions.

-- Uppsala: 685 mnkr kommunbidrag over 12 equal months at one decimal:
-- 57,1 for January..October, 57,0 for November and December.
SELECT month, kalkyl_allocate(685, 1, 1) OVER (ORDER BY month) AS budget
FROM generate_series(1, 12) AS month ORDER BY month;

-- Every partition's parts add up exactly to its total.
CREATE TEMP TABLE shares (team int, member int, weight numeric, total numeric);
INSERT INTO shares
SELECT team, member, (member * 7 + team) % 5 + 0.5, team * 1000.01 + 0.99
FROM generate_series(1, 6) AS team, generate_series(1, 7) AS member;
SELECT team, max(total) AS total, sum(part) AS sum_of_parts, sum(part) = max(total) AS exact
FROM (SELECT team, total,
             kalkyl_allocate(total, weight, 2) OVER (PARTITION BY team ORDER BY member) AS part
      FROM shares) AS s
GROUP BY team ORDER BY team;

-- Equal remainders go to the rows that come first in the ORDER BY.
SELECT member, kalkyl_allocate(2, 1, 0) OVER (ORDER BY member) AS ascending,
       kalkyl_allocate(2, 1, 0) OVER (ORDER BY member DESC) AS descending
FROM generate_series(1, 3) AS member ORDER BY member;

-- A deficit is split like a surplus, negated; cumulative keeps every
-- running total correctly rounded; a NULL weight gets no part.
SELECT member, weight,
       kalkyl_allocate(-100, weight, 0) OVER w AS largest_remainder,
       kalkyl_allocate(-100, weight, 0, 'cumulative') OVER w AS cumulative,
       kalkyl_allocate(-100, weight, 0, 'remainder_to_first') OVER w AS to_first,
       kalkyl_allocate(-100, weight, 0, 'remainder_to_largest_weight') OVER w AS to_largest
FROM (VALUES (1, 1::numeric), (2, 1), (3, NULL), (4, 1), (5, 3)) AS t(member, weight)
WINDOW w AS (ORDER BY member) ORDER BY member;

-- A partition without a total (or without weights) gets NULLs.
SELECT member, kalkyl_allocate(NULL, 1, 0) OVER (ORDER BY member) AS no_total
FROM generate_series(1, 2) AS member ORDER BY member;

-- kalkyl_foot: rows of 0,4 + 0,4 + 0,4 kr print as 0, 0, 0 under a total of
-- 1 unless one of them moves: the remainder closest to a half moves first,
-- ties to the larger amount, then the earlier row.
SELECT r, v, kalkyl_foot(v, 0) OVER (ORDER BY r) AS printed
FROM (VALUES (1, 0.4), (2, 0.45), (3, 0.4)) AS t(r, v) ORDER BY r;
-- In tkr and mnkr, per partition; the printed rows add up to the rounded total.
CREATE TEMP TABLE costs (unit text, row_no int, kr numeric);
INSERT INTO costs VALUES
  ('a', 1, 1499.6), ('a', 2, 2499.5), ('a', 3, 3000.4), ('a', 4, NULL),
  ('b', 1, -400000), ('b', 2, -2600000), ('b', 3, -3600000), ('b', 4, -20500000),
  ('b', 5, -400000), ('b', 6, 400000);
SELECT unit, row_no, kr,
       kalkyl_foot(kr, 0, 'tkr') OVER (PARTITION BY unit ORDER BY row_no) AS tkr,
       kalkyl_foot(kr, 1, 'tkr', 'half_even') OVER (PARTITION BY unit ORDER BY row_no) AS tkr_1,
       kalkyl_foot(kr, 0, 'mnkr') OVER (PARTITION BY unit ORDER BY row_no) AS mnkr
FROM costs ORDER BY unit, row_no;
SELECT unit, sum(printed) AS printed_rows, kalkyl_round(sum(kr) / 1000000, 0) AS rounded_total
FROM (SELECT unit, kr, kalkyl_foot(kr, 0, 'mnkr') OVER (PARTITION BY unit) AS printed FROM costs) AS f
GROUP BY unit ORDER BY unit;
