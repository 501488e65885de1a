#!/usr/bin/env python3
"""Allocation and display rounding through the C ABI against Python's decimal, in one run.

    python3 bench/allocate_bench.py [--lib build/libkalkyl.so] [--n 1000000] [--rows 10000] [--repeat 3]

(1) Allocation of --n weights (costs per brukare in kronor and öre) of a
    total in öre by the largest-remainder method (kalkyl_allocate), against a
    straightforward pure-Python implementation with the decimal module:
    integral weights, divmod for the truncated shares and remainders, a sort
    for the leftover units (exact, the same tie rule). Measured three ways on
    the kalkyl side: the bare C call on ready kalkyl_dec arrays (weights in a
    kalkyl.Column, parts out as one), the same from Python lists of Decimal
    (conversion in and out included), and the baseline.
(2) Display rounding that foots (kalkyl_foot) of a --rows-row table (budget,
    utfall in kronor and öre, avvikelse = budget − utfall), printed in tkr
    with no decimals, against a pure-Python decimal implementation of the
    same rule (round half up, move the rows whose remainders are closest to
    a half, keep the variance within one unit).

Time per element (weight, or table row) and the ratio to the decimal module;
the results of both sides are checked to be identical. Every figure is the
best of --repeat runs: the machines are shared and noisy, ratios hold where
absolute times move. The library comes from --lib or $KALKYL_LIBRARY.
"""

import argparse
import ctypes
import decimal
import os
import random
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

try:
    import resource
except ImportError:  # not on Windows
    resource = None

HERE = os.path.dirname(os.path.abspath(__file__))


def import_kalkyl(lib):
    if lib:
        os.environ["KALKYL_LIBRARY"] = os.path.abspath(lib)
    if not os.environ.get("KALKYL_LIBRARY"):
        sys.exit("allocate_bench: give the library with --lib build/libkalkyl.so or $KALKYL_LIBRARY")
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bindings", "python"))
    import kalkyl
    import kalkyl.allocate
    import kalkyl.footing

    return kalkyl


def best_of(repeat, func):
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def faults_of(func):
    """(minor page faults, system seconds) of one run of func: on some virtual machines
    a page fault costs microseconds, and a call that touches tens of megabytes of
    fresh memory spends its time there rather than computing."""
    if resource is None:
        return 0, 0.0
    before = resource.getrusage(resource.RUSAGE_SELF)
    func()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return after.ru_minflt - before.ru_minflt, after.ru_stime - before.ru_stime


# --- the pure-Python baselines ----------------------------------------------------------


def python_allocate(total, weights, scale):
    """Largest remainder with the decimal module, exactly: what one writes without kalkyl."""
    units = total.scaleb(scale)
    if units != units.to_integral_value():
        raise ValueError("the total has more decimals than the parts")
    negative = units < 0
    units = abs(units)
    wscale = max(-w.as_tuple().exponent for w in weights)
    a = [w.scaleb(wscale) for w in weights]  # integral Decimals
    total_weight = sum(a)
    parts, rems = [], []
    for x in a:
        q, r = divmod(units * x, total_weight)
        parts.append(q)
        rems.append(r)
    left = int(units - sum(parts))
    order = sorted(range(len(a)), key=lambda i: (-rems[i], -a[i], i))
    for i in order[:left]:
        parts[i] += 1
    return [(-p if negative else p).scaleb(-scale) for p in parts]


def python_foot(rows, totals, unit_exponent, decimals):
    """Two base columns and their difference, footed: the rule of kalkyl_foot in decimal."""
    q = Decimal(1).scaleb(-decimals)
    n = len(rows)
    y = [[x.scaleb(-unit_exponent) for x in row] for row in rows]
    r = [[v.quantize(q, ROUND_HALF_UP) for v in row] for row in y]
    f = [[y[i][j] - r[i][j] for j in range(2)] for i in range(n)]
    big_r = [t.scaleb(-unit_exponent).quantize(q, ROUND_HALF_UP) for t in totals]
    rz = [(y[i][0] - y[i][1]).quantize(q, ROUND_HALF_UP) for i in range(n)]
    g = [int(((r[i][0] - r[i][1]) - rz[i]).scaleb(decimals)) for i in range(n)]
    p = [row[:] for row in r]
    for j, c in ((0, 1), (1, -1)):
        need = int((big_r[j] - sum(r[i][j] for i in range(n))).scaleb(decimals))
        s = 1 if need > 0 else -1
        order = sorted(range(n), key=lambda i: (-s * f[i][j], -abs(y[i][j]), i))
        for i in order:
            if need == 0:
                break
            if -1 <= g[i] + c * s <= 1:
                g[i] += c * s
                p[i][j] += s * q
                need -= s
        if need != 0:
            raise RuntimeError("the baseline found no admissible row")
    printed = [[row[0], row[1], row[0] - row[1]] for row in p]
    return printed, [big_r[0], big_r[1], big_r[0] - big_r[1]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lib", help="path of libkalkyl.so (default: $KALKYL_LIBRARY)")
    parser.add_argument("--n", type=int, default=1_000_000, help="weights to allocate by (default 1000000)")
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the footed table (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure, the best is shown (default 3)")
    parser.add_argument("--seed", type=int, default=20240831, help="seed of the data (default 20240831)")
    args = parser.parse_args()
    kalkyl = import_kalkyl(args.lib)
    from kalkyl import allocate, footing

    decimal.getcontext().prec = 60  # exact for every product and quotient here (quantize rounds as told)

    print("kalkyl %s (%s), Python %s" % (kalkyl.__version__, kalkyl.library_path(), sys.version.split()[0]))
    if hasattr(os, "getloadavg"):
        print("load average %.2f (figures are best of %d)" % (os.getloadavg()[0], args.repeat))
    rnd = random.Random(args.seed)

    # --- (1) allocation -------------------------------------------------------------------
    weights = [Decimal(rnd.randrange(1, 50_000_000)).scaleb(-2) for _ in range(args.n)]  # 0,01 .. 500 000 kr
    total = Decimal("658914703.17")  # Eskilstuna's IFO costs 2022 (004_…, KPB table), with öre
    column = kalkyl.Column(weights)

    t_call, parts_col = best_of(args.repeat, lambda: allocate.allocate_column(total, column, 2))
    t_list, parts = best_of(args.repeat, lambda: allocate.allocate(total, weights, 2))
    t_py, py_parts = best_of(args.repeat, lambda: python_allocate(total, weights, 2))
    assert parts == py_parts, "kalkyl and the decimal baseline disagree"
    assert list(parts_col) == parts and sum(parts) == total
    n = args.n
    print("\n(1) allocation of %s by %d weights to öre, largest remainder" % (total, n))
    print("  %-52s %9.1f ns/weight  %7.1fx faster" % ("kalkyl_allocate, C call on ready arrays", t_call / n * 1e9, t_py / t_call))
    print("  %-52s %9.1f ns/weight  %7.1fx faster" % ("kalkyl.allocate(), lists of Decimal in and out", t_list / n * 1e9, t_py / t_list))
    print("  %-52s %9.1f ns/weight  %7s" % ("Python decimal, straightforward (baseline)", t_py / n * 1e9, "1.0x"))
    faults, sys_s = faults_of(lambda: allocate.allocate_column(total, column, 2))
    print("  (one C call: %d page faults, %.0f ms of system time of the %.0f ms; the computation in C++"
          % (faults, sys_s * 1e3, t_call * 1e3))
    print("   alone is in bench/allocate_bench.cpp)")

    # --- (2) display rounding that foots ----------------------------------------------------
    rows = []
    for _ in range(args.rows):
        budget = Decimal(rnd.randrange(-50_000_000, 200_000_000)).scaleb(-2)  # ±0,5 .. 2 mnkr in öre
        utfall = budget + Decimal(rnd.randrange(-5_000_000, 5_000_000)).scaleb(-2)
        rows.append([budget, utfall])
    totals = [sum((row[j] for row in rows), Decimal(0)) for j in range(2)]
    derived = {"Avvikelse": {"Budget": 1, "Utfall": -1}}

    def kalkyl_foot():
        return footing.foot(rows, totals, "tkr", 0, "half_up", columns=["Budget", "Utfall"], derived=derived)

    # The bare C call on ready arrays (what a caller holding kalkyl_dec columns pays).
    nrow = len(rows)
    cells = (kalkyl.kalkyl_dec * (nrow * 2))()
    for i, row in enumerate(rows):
        cells[2 * i] = kalkyl.to_kalkyl_dec(row[0])
        cells[2 * i + 1] = kalkyl.to_kalkyl_dec(row[1])
    c_totals = (kalkyl.kalkyl_dec * 2)(*(kalkyl.to_kalkyl_dec(t) for t in totals))
    terms = (footing.kalkyl_term * 2)((0, 1), (1, -1))
    d = (footing.kalkyl_derived_column * 1)()
    d[0].terms = ctypes.cast(terms, ctypes.POINTER(footing.kalkyl_term))
    d[0].n_terms = 2
    printed = (kalkyl.kalkyl_dec * (nrow * 3))()
    printed_totals = (kalkyl.kalkyl_dec * 3)()
    cap = (nrow + 1) * 3
    adjusted = (footing.kalkyl_adjusted_cell * cap)()
    count = ctypes.c_size_t()

    def c_foot():
        status = footing._foot(cells, nrow, 2, c_totals, d, 1, 3, 0, 0, printed, printed_totals, adjusted, cap, count)
        assert status == 0, kalkyl.lib.kalkyl_last_error()
        return count.value

    t_fcall, moved = best_of(args.repeat, c_foot)
    t_flist, footed = best_of(args.repeat, kalkyl_foot)
    t_fpy, (py_rows, py_totals) = best_of(args.repeat, lambda: python_foot(rows, totals, 3, 0))
    assert footed.rows == py_rows and footed.totals == py_totals, "kalkyl and the decimal baseline disagree"
    assert moved == len(footed.adjusted)
    print("\n(2) footing of a %d-row table (budget, utfall, avvikelse) in tkr: %d figures moved" % (nrow, moved))
    print("  %-52s %9.1f ns/row     %7.1fx faster" % ("kalkyl_foot, C call on ready arrays", t_fcall / nrow * 1e9, t_fpy / t_fcall))
    print("  %-52s %9.1f ns/row     %7.1fx faster" % ("kalkyl.footing.foot(), lists of Decimal", t_flist / nrow * 1e9, t_fpy / t_flist))
    print("  %-52s %9.1f ns/row     %7s" % ("Python decimal, same rule (baseline)", t_fpy / nrow * 1e9, "1.0x"))


if __name__ == "__main__":
    main()
