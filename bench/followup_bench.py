"""Follow-up ledger benchmark for the Python binding: kalkyl.followup.Ledger
against the same computation in pure Python `decimal`, measured in one run.

A committee -> 100 verksamheter -> 1 000 accounts each (100 101 rows) x 12
months of budget, outcome and previous year in öre, a forecast per account;
build, roll up through August, read every derived figure of every row (14
figures as columns, budgethållning and the change in percent per row).

The kalkyl side uses the bulk paths (Ledger.set_values_bulk,
set_manual_forecasts_bulk, column, percent_many, get_many); --one-at-a-time
also times the same work through one call per row and figure (set_budget,
percent, ...). The baseline is the same computation in pure Python decimal.

Usage: KALKYL_LIBRARY=build/release/libkalkyl.so PYTHONPATH=bindings/python \\
       python3 bench/followup_bench.py [verksamheter] [accounts] [--one-at-a-time]
"""

import resource
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

from kalkyl.followup import Figure, Ledger, PercentFigure


def amount(row, month, series):
    x = (row * 2654435761 + month * 40503 + series * 97) & ((1 << 64) - 1)
    x ^= x >> 13
    x = (x * 0x9E3779B97F4A7C15) & ((1 << 64) - 1)
    return 100000 + (x >> 20) % 9900000


def tree(verksamheter, accounts):
    rows = [("SN", "net", None)]
    for v in range(verksamheter):
        vid = "V%d" % v
        rows.append((vid, "net", "SN"))
        rows.extend(("%s-%d" % (vid, a), "revenue" if a % 10 == 0 else "cost", vid) for a in range(accounts))
    return rows


def ore(units):
    return Decimal(units).scaleb(-2)


def data(rows, accounts):
    """Per row: the twelve months of each series, as Decimal in kronor (öre exact)."""
    out = []
    for r, (_, kind, _) in enumerate(rows):
        if r == 0:
            out.append(None)
        elif kind == "net":
            out.append(([ore(amount(r, m, 3) * accounts) for m in range(12)],))
        else:
            series = tuple([ore(amount(r, m, s)) for m in range(12)] for s in range(3))
            ytd = sum(series[1][:8], Decimal(0))
            forecast = (ytd * 12 / 8).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            out.append(series + (forecast,))
    return out


def run_kalkyl(rows, values):
    """The bulk paths: one add_rows call, each series of every row and the
    forecasts set with their amounts converted in bulk, figures read as columns
    and (percentages, the net rows' results) as lists."""
    t0 = time.perf_counter()
    ledger = Ledger()
    ledger.add_rows([{"id": i, "kind": k, "parent": p} for i, k, p in rows])
    ids = [rid for rid, _, _ in rows]
    have = [r for r, v in enumerate(values) if v is not None]
    accounts = [r for r in have if len(values[r]) > 1]  # the net rows have a budget only
    ledger.set_values_bulk("budget", ((ids[r], values[r][0]) for r in have))
    ledger.set_values_bulk("outcome", ((ids[r], values[r][1]) for r in accounts))
    ledger.set_values_bulk("prior_outcome", ((ids[r], values[r][2]) for r in accounts))
    ledger.set_manual_forecasts_bulk("Prognos", ((ids[r], values[r][3]) for r in accounts), month=8)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    ledger.compute(8)
    columns = {}
    for what in Figure:
        if what in (Figure.KOMMUNBIDRAG_YTD, Figure.KOMMUNBIDRAG_YEAR, Figure.RESULT_YTD, Figure.RESULT_YEAR):
            continue  # net rows only: read for those rows below
        columns[what] = ledger.column(what, "Prognos")
    net = [rid for rid, kind, _ in rows if kind == "net"]
    ledger.percent_many(ids, PercentFigure.CHANGE_YTD, 1, "half_up")
    ledger.get_many(net, Figure.RESULT_YTD)
    ledger.get_many(net, Figure.RESULT_YEAR, "Prognos")
    ledger.percent_many(net, PercentFigure.BUDGETHALLNING_YEAR, 1, "half_up", "Prognos")
    figures = time.perf_counter() - t1
    result = ledger.get("SN", Figure.RESULT_YTD)
    ledger.close()
    return build, figures, result


def run_kalkyl_one_at_a_time(rows, values):
    """The same through the one-row-per-call methods (--one-at-a-time): for comparison."""
    t0 = time.perf_counter()
    ledger = Ledger()
    ledger.add_rows([{"id": i, "kind": k, "parent": p} for i, k, p in rows])
    for (rid, kind, _), v in zip(rows, values):
        if v is None:
            continue
        if kind == "net":
            ledger.set_budget(rid, v[0])
            continue
        ledger.set_budget(rid, v[0])
        ledger.set_outcome(rid, v[1])
        ledger.set_prior_outcome(rid, v[2])
        ledger.set_manual_forecast(rid, "Prognos", v[3], 8)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    ledger.compute(8)
    columns = {}
    for what in Figure:
        if what in (Figure.KOMMUNBIDRAG_YTD, Figure.KOMMUNBIDRAG_YEAR, Figure.RESULT_YTD, Figure.RESULT_YEAR):
            continue  # net rows only: read per row below
        columns[what] = ledger.column(what, "Prognos")
    for rid, kind, _ in rows:
        ledger.percent(rid, PercentFigure.CHANGE_YTD, 1, "half_up")
        if kind == "net":
            ledger.get(rid, Figure.RESULT_YTD)
            ledger.get(rid, Figure.RESULT_YEAR, "Prognos")
            ledger.budgethallning(rid, "Prognos", 1, "half_up")
    figures = time.perf_counter() - t1
    result = ledger.get("SN", Figure.RESULT_YTD)
    ledger.close()
    return build, figures, result


def run_python(rows, values):
    t0 = time.perf_counter()
    index = {rid: i for i, (rid, _, _) in enumerate(rows)}
    parent = [index[p] if p is not None else -1 for _, _, p in rows]
    kind = [k for _, k, _ in rows]
    zero = Decimal(0)
    n = len(rows)
    b_ytd, b_year, o_ytd, p_ytd, p_year, fc, kb_ytd, kb_year = ([zero] * n for _ in range(8))
    for r, v in enumerate(values):
        if v is None:
            continue
        if kind[r] == "net":
            kb_ytd[r] = sum(v[0][:8], zero)
            kb_year[r] = sum(v[0], zero)
            continue
        b_ytd[r] = sum(v[0][:8], zero)
        b_year[r] = sum(v[0], zero)
        o_ytd[r] = sum(v[1][:8], zero)
        p_ytd[r] = sum(v[2][:8], zero)
        p_year[r] = sum(v[2], zero)
        fc[r] = v[3]
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    for r in range(n - 1, 0, -1):  # children after parents in this tree
        p = parent[r]
        s = -1 if kind[r] == "revenue" and kind[p] == "net" else 1
        if s > 0:
            b_ytd[p] += b_ytd[r]; b_year[p] += b_year[r]; o_ytd[p] += o_ytd[r]  # noqa: E702
            p_ytd[p] += p_ytd[r]; p_year[p] += p_year[r]; fc[p] += fc[r]  # noqa: E702
        else:
            b_ytd[p] -= b_ytd[r]; b_year[p] -= b_year[r]; o_ytd[p] -= o_ytd[r]  # noqa: E702
            p_ytd[p] -= p_ytd[r]; p_year[p] -= p_year[r]; fc[p] -= fc[r]  # noqa: E702
        if kind[r] == "net":
            kb_ytd[p] += kb_ytd[r]
            kb_year[p] += kb_year[r]
    tenth = Decimal("0.1")
    for r in range(n):
        rev = kind[r] == "revenue"
        _ = (b_ytd[r], b_year[r], o_ytd[r], p_ytd[r], p_year[r], fc[r],
             o_ytd[r] - b_ytd[r] if rev else b_ytd[r] - o_ytd[r],
             o_ytd[r] - p_ytd[r],
             fc[r] - b_year[r] if rev else b_year[r] - fc[r],
             fc[r] - p_year[r])
        (100 * (o_ytd[r] - p_ytd[r]) / abs(p_ytd[r])).quantize(tenth, rounding=ROUND_HALF_UP)
        if kind[r] == "net":
            _ = (kb_ytd[r], kb_year[r], kb_ytd[r] - o_ytd[r])
            res = kb_year[r] - fc[r]
            (100 * res / kb_year[r]).quantize(tenth, rounding=ROUND_HALF_UP)
    figures = time.perf_counter() - t1
    return build, figures, kb_ytd[0] - o_ytd[0]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    one_at_a_time = "--one-at-a-time" in sys.argv[1:]
    verksamheter = int(args[0]) if len(args) > 0 else 100
    accounts = int(args[1]) if len(args) > 1 else 1000
    rows = tree(verksamheter, accounts)
    print("follow-up ledger: %d rows x 12 months, through August (Python)" % len(rows))
    t = time.perf_counter()
    values = data(rows, accounts)
    print("  input data as Decimal (both sides read it)         : %7.3f s" % (time.perf_counter() - t))
    kb, kf, kres = run_kalkyl(rows, values)
    pb, pf, pres = run_python(rows, values)
    assert kres == pres, (kres, pres)
    print("  kalkyl.followup.Ledger  build %7.3f s, compute + every figure %7.3f s, total %7.3f s"
          % (kb, kf, kb + kf))
    print("  pure Python decimal     build %7.3f s, roll-up + every figure %7.3f s, total %7.3f s"
          % (pb, pf, pb + pf))
    print("  ratio kalkyl / decimal: build %.2f, figures %.2f, total %.2f   (committee result %s kr)"
          % (kb / pb, kf / pf, (kb + kf) / (pb + pf), kres))
    if one_at_a_time:
        ob, of, ores = run_kalkyl_one_at_a_time(rows, values)
        assert ores == pres, (ores, pres)
        print("  one call per row/figure build %7.3f s, compute + every figure %7.3f s, total %7.3f s (ratio %.2f)"
              % (ob, of, ob + of, (ob + of) / (pb + pf)))
    print("  peak memory of the process (ru_maxrss): %d MB"
          % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))


if __name__ == "__main__":
    main()
