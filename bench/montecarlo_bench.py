#!/usr/bin/env python3
"""Monte Carlo of 1 000 000 scenarios over 20 correlated rows: kalkyl against NumPy.

    KALKYL_LIBRARY=build/release/libkalkyl.so PYTHONPATH=bindings/python \\
        python3 bench/montecarlo_bench.py [--scenarios N] [--rows R] [--repeat K]

The same simulation on both sides: 20 verksamheter with asymmetric 80 %
bands (a split normal per row: downside/z below the point, upside/z above,
z = Φ⁻¹(0,9)), equicorrelated 0,3 through a Cholesky factor; the 5, 10, 50,
90 and 95 % quantiles of the total, P(total >= 0) and P(total inside a band).

  kalkyl  kalkyl.band.monte_carlo: one ctypes call (seeded, the same numbers
          on every platform).
  NumPy   numpy.random.default_rng(42).standard_normal in blocks of 100 000
          scenarios, a matrix product with the Cholesky factor, np.where for
          the two sides, np.quantile. Needs python3-numpy (Debian); without
          it the script says so and times kalkyl alone.

The two use different generators, so their quantiles agree statistically,
not digit for digit (printed side by side). Times are the best of --repeat.
"""

import argparse
import sys
import time
from decimal import Decimal

from kalkyl import band

try:
    import numpy as np
except ImportError:  # the benchmark runs without it
    np = None

Z90 = 1.2815515655446004  # Φ⁻¹(0,9): an 80 % band is ±z σ


def rows_and_matrix(n):
    rows = [band.Band.from_spread(-10 * k - 5, 3 + k % 4, 2 + k % 3) for k in range(n)]
    r = [[1.0 if i == j else 0.3 for j in range(n)] for i in range(n)]
    return rows, r


def with_numpy(rows, r, scenarios, target, block=100_000):
    n = len(rows)
    chol = np.linalg.cholesky(np.array(r))
    sd = np.array([float(b.downside) for b in rows]) / Z90
    su = np.array([float(b.upside) for b in rows]) / Z90
    base = float(sum(b.point for b in rows))
    rng = np.random.default_rng(42)
    totals = np.empty(scenarios)
    for start in range(0, scenarios, block):
        m = min(block, scenarios - start)
        x = rng.standard_normal((m, n)) @ chol.T
        totals[start:start + m] = base + np.where(x < 0, x * sd, x * su).sum(axis=1)
    q = np.quantile(totals, [0.05, 0.10, 0.50, 0.90, 0.95], method="inverted_cdf")
    lo, hi = float(target.low), float(target.high)
    return q, float((totals >= 0).mean()), float(((totals >= lo) & (totals <= hi)).mean())


def best_of(repeat, fn):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=1_000_000)
    ap.add_argument("--rows", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    rows, r = rows_and_matrix(args.rows)
    target = band.Band.from_spread(Decimal(-2000), 50, 50)
    t_k, sim = best_of(
        args.repeat,
        lambda: band.monte_carlo(rows, r, seed=42, scenarios=args.scenarios, target=target, scale=2,
                                 rounding="half_up"),
    )
    print("Monte Carlo: %d scenarios x %d correlated rows, one core, best of %d"
          % (args.scenarios, args.rows, args.repeat))
    print("  kalkyl.band.monte_carlo  %7.3f s  %12.0f scenarios/s" % (t_k, args.scenarios / t_k))
    qs = [sim.quantiles[q] for q in band.QUANTILE_LEVELS]
    print("    quantiles %s  P(>=0) %.4f  P(inside) %.4f" % (" ".join(str(q) for q in qs), sim.p_at_least_zero,
                                                            sim.p_inside))
    if np is None:
        print("  NumPy not installed (apt-get install python3-numpy): no ratio")
        return 0
    t_n, (q, p0, pin) = best_of(args.repeat, lambda: with_numpy(rows, r, args.scenarios, target))
    print("  NumPy %-18s %7.3f s  %12.0f scenarios/s" % (np.__version__, t_n, args.scenarios / t_n))
    print("    quantiles %s  P(>=0) %.4f  P(inside) %.4f" % (" ".join("%.2f" % v for v in q), p0, pin))
    print("  ratio NumPy time / kalkyl time: %.2f (kalkyl is %.1fx %s)"
          % (t_n / t_k, max(t_n / t_k, t_k / t_n), "faster" if t_k < t_n else "slower"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
