#!/usr/bin/env python3
"""Unit costs for 10 million rows through the array call, against Python's decimal.

    KALKYL_LIBRARY=build/release/libkalkyl.so PYTHONPATH=bindings/python \\
        python3 bench/unitcost_bench.py [--rows N] [--baseline-rows M] [--repeat R]

The computation per row, the same on both sides: nettokostnad = total cost −
other revenue (kronor with öre), checked (volume > 0, revenue <= cost), the
unit cost nettokostnad / volume at 1 decimal, half up, and the few-cases flag
(volume < 10).

  kalkyl   kalkyl.unitcost.unit_cost_array on three kalkyl.Column of N rows:
           one ctypes call, no per-row Python work; timed with new output
           columns (allocation and the first touch of 480 MB of fresh
           memory included), with reused ones (out=), and as the bare C
           call kalkyl_unit_cost_array into preallocated outputs.
  decimal  a plain Python loop over lists of decimal.Decimal (the inputs are
           built before the clock starts), with a context precise enough that
           quantize() rounds the exact quotient. Python needs about a
           microsecond per row, so by default the baseline runs on the first
           1 000 000 rows and its time per row is scaled (the output says so);
           --baseline-rows N runs it on all N.

Both produce the same figures: the baseline's results are compared with
kalkyl's, row by row, before anything is printed. Times are the best of
--repeat runs in the same process (the machines are shared and noisy).
"""

import argparse
import array
import ctypes
import decimal
import random
import sys
import time
from decimal import Decimal

import kalkyl
from kalkyl import unitcost
from kalkyl._native import kalkyl_dec

SCALE = 1
FEW = Decimal(10)


def column(units, scale, n):
    """A kalkyl.Column of n rows from a block of non-negative integer units, tiled (built in bulk)."""
    m = len(units)
    words = array.array("Q", bytes(24 * m))  # lo, hi, scale | reserved << 32
    words[0::3] = array.array("Q", units)
    words[2::3] = array.array("Q", [scale]) * m
    reps, rest = divmod(n, m)
    tiled = words * reps + words[: 3 * rest]
    # from_buffer keeps a reference to `tiled`: the memory lives as long as the column.
    return kalkyl.Column.from_array((kalkyl_dec * n).from_buffer(tiled))


def block(rng, m):
    costs, revenues, volumes = [], [], []
    for _ in range(m):
        cost = rng.randrange(0, 10**11)  # up to 1 000 000 000,00 kr, in öre
        costs.append(cost)
        revenues.append(rng.randrange(0, cost // 10 + 1))  # up to a tenth of the costs
        volumes.append(rng.choice((rng.randrange(1, 10), rng.randrange(1, 100000), rng.randrange(1, 100000))))
    return costs, revenues, volumes


def python_baseline(costs, revenues, volumes):
    """The same computation in pure Python decimal, one row at a time."""
    ctx = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP)
    quantum = Decimal(1).scaleb(-SCALE)
    q = Decimal.quantize
    div = ctx.divide
    out_net, out_per, out_few = [], [], []
    for c, r, v in zip(costs, revenues, volumes):
        if v <= 0 or c < 0 or r < 0:
            raise ValueError("bad row")
        net = c - r
        if net < 0:
            raise ValueError("revenues larger than costs")
        out_net.append(net)
        out_per.append(q(div(net, v), quantum, decimal.ROUND_HALF_UP))
        out_few.append(1 if v < FEW else 0)
    return out_net, out_per, out_few


def best(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--baseline-rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20240831)
    args = ap.parse_args()
    n = args.rows
    nb = min(args.baseline_rows, n)
    rng = random.Random(args.seed)
    m = min(n, 200_000)
    costs, revenues, volumes = block(rng, m)

    cost_col = column(costs, 2, n)
    revenue_col = column(revenues, 2, n)
    volume_col = column(volumes, 0, n)

    # kalkyl through the Python API (allocates the outputs each time).
    t_api, res = best(
        lambda: unitcost.unit_cost_array(cost_col, revenue_col, volume_col, SCALE, "half_up"), args.repeat
    )
    # The Python API writing into reused output columns (no fresh pages).
    out = unitcost.unit_cost_columns(n)
    t_reuse, _ = best(
        lambda: unitcost.unit_cost_array(cost_col, revenue_col, volume_col, SCALE, "half_up", out=out), args.repeat
    )
    # The bare C call into preallocated outputs.
    net = (kalkyl_dec * n)()
    per = (kalkyl_dec * n)()
    flags = (ctypes.c_uint8 * n)()
    bad = ctypes.c_size_t()
    fn = unitcost._unit_cost_array
    ptr = unitcost._ptr

    def bare():
        status = fn(ptr(cost_col), ptr(revenue_col), ptr(volume_col), n, SCALE, 0, None, net, per, flags, bad)
        assert status == 0, kalkyl._core._error(status, bad.value)

    t_c, _ = best(bare, args.repeat)

    # The baseline's inputs, as Decimals, built before the clock starts.
    idx = [i % m for i in range(nb)]
    d_costs = [Decimal(costs[i]).scaleb(-2) for i in idx]
    d_revenues = [Decimal(revenues[i]).scaleb(-2) for i in idx]
    d_volumes = [Decimal(volumes[i]) for i in idx]
    t_py, (py_net, py_per, py_few) = best(lambda: python_baseline(d_costs, d_revenues, d_volumes), 1)

    # Same figures, row by row, on the baseline's rows.
    got_per = res.per_unit[:nb].to_decimals()
    got_net = res.net_cost[:nb].to_decimals()
    mismatch = next((i for i in range(nb) if got_per[i] != py_per[i] or got_net[i] != py_net[i]), None)
    if mismatch is not None or list(res.too_few[:nb]) != py_few:
        sys.exit("unitcost_bench: kalkyl and decimal disagree at row %s" % mismatch)

    ns_api = t_api / n * 1e9
    ns_reuse = t_reuse / n * 1e9
    ns_c = t_c / n * 1e9
    ns_py = t_py / nb * 1e9
    print("unit costs (nettokostnad, per unit at 1 decimal half up, few-cases flag), %d rows" % n)
    print("  kalkyl unit_cost_array (Python API, incl. output columns) %8.1f ns/row  %6.3f s" % (ns_api, t_api))
    print("  kalkyl unit_cost_array (Python API, out= reused columns)  %8.1f ns/row  %6.3f s" % (ns_reuse, t_reuse))
    print("  kalkyl_unit_cost_array (bare ctypes call)                 %8.1f ns/row  %6.3f s" % (ns_c, t_c))
    scaled = "" if nb == n else "  (measured on %d rows, scaled per row to %d)" % (nb, n)
    print("  Python decimal loop                                       %8.1f ns/row  %6.3f s%s"
          % (ns_py, ns_py * n / 1e9, scaled))  # fmt: skip
    print("  ratio decimal / kalkyl: %.1fx (Python API, new columns), %.1fx (reused columns), %.1fx (bare call)"
          % (ns_py / ns_api, ns_py / ns_reuse, ns_py / ns_c))  # fmt: skip
    print("  results identical on the %d baseline rows; new columns pay the first touch of fresh memory" % nb)


if __name__ == "__main__":
    main()
