-- kalkyl 0.1: exact decimal budget arithmetic in SQL (docs/postgresql.md).
-- Every function calls kalkyl's C ABI (capi/kalkyl.h); amounts are numeric
-- in and out and never pass through double precision.

\echo Use "CREATE EXTENSION kalkyl" to load this file. \quit

CREATE FUNCTION kalkyl_version() RETURNS text
    AS 'MODULE_PATHNAME', 'kalkyl_pg_version' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- --- scalars ------------------------------------------------------------------

CREATE FUNCTION kalkyl_round(value numeric, scale int, mode text DEFAULT 'half_up') RETURNS numeric
    AS 'MODULE_PATHNAME', 'kalkyl_pg_round' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION kalkyl_divide(dividend numeric, divisor numeric, scale int, mode text DEFAULT 'half_up')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'kalkyl_pg_divide' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION kalkyl_parse(value text, locale text DEFAULT 'sv-SE') RETURNS numeric
    AS 'MODULE_PATHNAME', 'kalkyl_pg_parse' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION kalkyl_format(value numeric, decimals int DEFAULT 0, unit text DEFAULT 'kr',
                              mode text DEFAULT 'half_up', locale text DEFAULT 'sv-SE') RETURNS text
    AS 'MODULE_PATHNAME', 'kalkyl_pg_format' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION kalkyl_unit_cost_row(total_cost numeric, other_revenue numeric, volume numeric,
                                     scale int, mode text DEFAULT 'half_up',
                                     OUT net_cost numeric, OUT per_unit numeric, OUT too_few boolean)
    AS 'MODULE_PATHNAME', 'kalkyl_pg_unit_cost_row' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION kalkyl_kolada_unit_cost(gross_cost numeric, internal_revenue numeric,
                                        sales_to_municipalities numeric, volume numeric,
                                        scale int, mode text DEFAULT 'half_up',
                                        OUT cost numeric, OUT per_unit numeric)
    AS 'MODULE_PATHNAME', 'kalkyl_pg_kolada_unit_cost' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- not_linked_costs may be NULL (unknown): then per_user is NULL.
CREATE FUNCTION kalkyl_kpb_total(total_costs numeric, not_linked_costs numeric,
                                 inhabitants numeric, users numeric,
                                 scale int DEFAULT 0, mode text DEFAULT 'half_up',
                                 share_scale int DEFAULT 1, share_mode text DEFAULT 'half_up',
                                 OUT per_inhabitant numeric, OUT per_user numeric,
                                 OUT share_of_users numeric, OUT few_users boolean,
                                 OUT few_inhabitants boolean)
    AS 'MODULE_PATHNAME', 'kalkyl_pg_kpb_total' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE TYPE kalkyl_check_result AS (verdict text, difference numeric, tolerance numeric);

CREATE FUNCTION kalkyl_check_sum(rows numeric[], printed_total numeric, decimals int)
    RETURNS kalkyl_check_result
    AS 'MODULE_PATHNAME', 'kalkyl_pg_check_sum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The C ABI's own column sum (kalkyl_sum) over an array in one call.
CREATE FUNCTION kalkyl_sum_array(amounts numeric[]) RETURNS numeric
    AS 'MODULE_PATHNAME', 'kalkyl_pg_sum_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- --- window functions -----------------------------------------------------------

CREATE FUNCTION kalkyl_allocate(total numeric, weight numeric, scale int,
                                mode text DEFAULT 'largest_remainder') RETURNS numeric
    AS 'MODULE_PATHNAME', 'kalkyl_pg_allocate' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;

CREATE FUNCTION kalkyl_foot(value numeric, decimals int, unit text DEFAULT 'kr',
                            mode text DEFAULT 'half_up') RETURNS numeric
    AS 'MODULE_PATHNAME', 'kalkyl_pg_foot' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
