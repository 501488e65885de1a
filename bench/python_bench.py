#!/usr/bin/env python3
"""The Python binding against Python's decimal module, measured in one run.

    python3 bench/python_bench.py [--lib build/libkalkyl.so] [--n 1000000] [--repeat 3]

(1) The cost of one call through ctypes: kalkyl.add() on two Decimals, and
    the bare C call on ready kalkyl_dec structs, against Decimal + Decimal.
    One call is dominated by ctypes and the conversions: a single amount is
    faster in the decimal module. kalkyl pays off on columns:
(2) parse + sum of a column of n sv-SE amounts ("-1 234 567,89", U+00A0
    between digit groups, some with U+2212 as minus; deterministic seed),
    given as a file's bytes and as a list of str, through the column calls
    (one C call per chunk, no Python per element) against the same work in
    pure Python with the decimal module: strip the group spaces, ',' -> '.',
    U+2212 -> '-', Decimal(), sum; once as a plain loop (the goal: kalkyl at
    least 20 times faster) and once tuned (the cleaning done on the whole
    text by str.replace, then map(Decimal): the fastest pure Python we know).

Every figure is the best of --repeat runs (the machines are shared and
noisy); the totals of all methods are checked to be equal. The ratios that
count are single-threaded, like the Python baselines; sum_lines with
threads=2 is shown for what a second core adds. The library comes
from --lib or $KALKYL_LIBRARY; the package from bindings/python beside this
script unless kalkyl is installed. Runs in well under a minute.
"""

import argparse
import decimal
import os
import random
import sys
import time
import timeit
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
NBSP = "\u00a0"
MINUS = "\u2212"


def import_kalkyl(lib):
    if lib:
        os.environ["KALKYL_LIBRARY"] = os.path.abspath(lib)
    if not os.environ.get("KALKYL_LIBRARY"):
        sys.exit("python_bench: give the library with --lib build/libkalkyl.so or $KALKYL_LIBRARY")
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bindings", "python"))
    import kalkyl

    return kalkyl


def best_of(repeat, func):
    """(best seconds, result) over `repeat` runs."""
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def amounts(n, seed):
    """n sv-SE amount texts, öre precision, 1 to 9 integer digits (log-uniform)."""
    r = random.Random(seed)
    texts = []
    for _ in range(n):
        digits = r.randint(1, 9)
        units = r.randrange(10 ** (digits - 1) if digits > 1 else 0, 10**digits)
        ore = r.randrange(100)
        sign = "" if r.random() < 0.5 else ("-" if r.random() < 0.9 else MINUS)
        texts.append("%s%s,%02d" % (sign, format(units, ",").replace(",", NBSP), ore))
    return texts


# --- the pure-Python baselines ------------------------------------------------------


def python_straightforward(lines):
    """What one writes without kalkyl: clean each text, Decimal(), add up."""
    total = Decimal(0)
    for text in lines:
        text = text.replace(" ", "").replace(NBSP, "").replace("\u202f", "").replace(MINUS, "-").replace(",", ".")
        total += Decimal(text)
    return total


def python_tuned(text):
    """The fastest plain Python we know: clean the whole text at once (C loops),
    then map(Decimal) and sum(): no Python bytecode per amount."""
    text = text.replace(" ", "").replace(NBSP, "").replace("\u202f", "").replace(MINUS, "-").replace(",", ".")
    return sum(map(Decimal, text.splitlines()), Decimal(0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lib", help="path of libkalkyl.so (default: $KALKYL_LIBRARY)")
    parser.add_argument("--n", type=int, default=1_000_000, help="amounts in the column (default 1000000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure, the best is shown (default 3)")
    parser.add_argument("--calls", type=int, default=200_000, help="calls per per-call figure (default 200000)")
    parser.add_argument("--seed", type=int, default=20240831, help="seed of the column (default 20240831)")
    args = parser.parse_args()
    kalkyl = import_kalkyl(args.lib)

    # The sums reach 10^15 öre: give the decimal module room (exact, not faster or slower).
    decimal.getcontext().prec = 50
    decimal.getcontext().traps[decimal.Inexact] = True

    print("kalkyl %s (%s), Python %s" % (kalkyl.__version__, kalkyl.library_path(), sys.version.split()[0]))
    if hasattr(os, "getloadavg"):
        print("load average %.2f (figures are best of %d)" % (os.getloadavg()[0], args.repeat))

    # --- (1) one call ---------------------------------------------------------------
    a, b = Decimal("-1234567.89"), Decimal("61173.50")
    from kalkyl import _core

    x, y, out = kalkyl.to_kalkyl_dec(a), kalkyl.to_kalkyl_dec(b), kalkyl.kalkyl_dec()
    raw_add = _core._lib.kalkyl_dec_add
    assert kalkyl.add(a, b) == a + b
    per_call = {}
    for name, stmt, glb in (
        ("Python Decimal a + b", "a + b", {"a": a, "b": b}),
        ("kalkyl.add(a, b), Decimal in and out", "add(a, b)", {"a": a, "b": b, "add": kalkyl.add}),
        ("kalkyl_dec_add via ctypes, structs ready", "f(x, y, out)", {"f": raw_add, "x": x, "y": y, "out": out}),
        ("  of which Decimal -> kalkyl_dec bytes", "to(a)", {"to": _core._packed, "a": a}),
        ("  of which kalkyl_dec -> Decimal", "fr(x)", {"fr": kalkyl.from_kalkyl_dec, "x": x}),
    ):
        timer = timeit.Timer(stmt, globals=glb)
        per_call[name] = min(timer.repeat(repeat=args.repeat, number=args.calls)) / args.calls * 1e9
    print("\n(1) one addition, ns per call (%d calls, best of %d)" % (args.calls, args.repeat))
    base = per_call["Python Decimal a + b"]
    for name, ns in per_call.items():
        print("  %-44s %8.0f ns   %6.1fx Decimal" % (name, ns, ns / base))

    # --- (2) a column -------------------------------------------------------------------
    start = time.perf_counter()
    lines = amounts(args.n, args.seed)
    data = "\n".join(lines).encode("utf-8")
    print("\n(2) parse + sum of %d sv-SE amounts (%s), %.1f MB of text, made in %.1f s"
          % (args.n, ", ".join(repr(t) for t in lines[:3]), len(data) / 1e6, time.perf_counter() - start))

    rows = []

    def run(label, func):
        seconds, total = best_of(args.repeat, func)
        rows.append((label, seconds, total))
        return seconds

    # From a file's bytes (what a ledger export is).
    k_lines = run("kalkyl.sum_lines(data)", lambda: kalkyl.sum_lines(data))
    k_lines_2 = run("kalkyl.sum_lines(data, threads=2)", lambda: kalkyl.sum_lines(data, threads=2))
    k_column = run("kalkyl.Column.parse_lines(data).sum()", lambda: kalkyl.Column.parse_lines(data).sum())
    p_bytes = run("Python: data.decode().splitlines(), loop", lambda: python_straightforward(data.decode().splitlines()))
    p_bytes_tuned = run("Python tuned: whole-text replace, map(Decimal)", lambda: python_tuned(data.decode()))
    # From a list of str (a column already in Python).
    k_list = run("kalkyl.Column.parse(lines).sum()", lambda: kalkyl.Column.parse(lines).sum())
    p_list = run("Python: loop over lines", lambda: python_straightforward(lines))

    totals = {total for _, _, total in rows}
    if len(totals) != 1:
        for label, _, total in rows:
            print("  %-44s total %s" % (label, total))
        sys.exit("python_bench: the totals differ")
    print("  every method totals %s" % totals.pop())
    for label, seconds, _ in rows:
        print("  %-44s %8.1f ms  %6.0f ns/amount" % (label, seconds * 1e3, seconds / args.n * 1e9))

    print("\n  ratios (pure Python time / kalkyl time; goal >= 20x):")
    print("  from bytes: sum_lines          %5.1fx   (tuned Python: %5.1fx)" % (p_bytes / k_lines, p_bytes_tuned / k_lines))
    print("  from bytes: sum_lines, 2 threads %5.1fx (tuned Python: %5.1fx; %d CPUs here)"
          % (p_bytes / k_lines_2, p_bytes_tuned / k_lines_2, os.cpu_count() or 1))
    print("  from bytes: Column + sum()     %5.1fx   (tuned Python: %5.1fx)" % (p_bytes / k_column, p_bytes_tuned / k_column))
    print("  from list[str]: Column + sum() %5.1fx   (joining and encoding the str objects is most of it)"
          % (p_list / k_list))


if __name__ == "__main__":
    main()
