#!/usr/bin/env python3
"""nyckeltal: Uppsala socialnämnd's unit costs ("Uppföljning per augusti 2024",
delårsbokslut augusti 2024) recomputed with the kalkyl Python package and
compared with every printed figure.

    python3 nyckeltal.py examples/data/uppsala_2024_08_nyckeltal.csv

Each row gives totala kostnader, övriga intäkter and a volume (vårddygn or
vårdtagare) in tkr as printed, and the printed nettokostnad and nettokostnad
per enhet. kalkyl.unitcost.unit_cost() computes

    nettokostnad            = totala kostnader − övriga intäkter   (exact)
    nettokostnad per enhet  = nettokostnad / volym, 1 decimal, half up

The printed nettokostnad may differ from ours by at most 1 tkr: the report
computed it from amounts in kronor and rounded each figure to whole tkr on
its own, so each of the two inputs carries up to 0,5 tkr of rounding
(61 173 − 198 is 60 975, printed 60 976). A larger difference is an error.
The per-unit figure must equal the printed one exactly when our nettokostnad
is the printed one; when it is not, the printed per-unit figure must be the
printed nettokostnad / volym (3 184 / 162 = 19,7, where 3 183 / 162 = 19,6):
the report's own relation, which kalkyl reproduces to the decimal.

Exits with 1 when a figure differs, 2 when the file cannot be read. Needs
the kalkyl package on sys.path and libkalkyl.so found (KALKYL_LIBRARY).
"""
import sys
from decimal import Decimal

import kalkyl
from kalkyl import unitcost

# The largest difference rounding can explain: two inputs each rounded to
# whole tkr, so each is off by at most 0,5 tkr.
ROUNDING_TOLERANCE = Decimal(1)


def read_table(path):
    """The rows of the semicolon table as lists of fields (comments, relations and header skipped)."""
    rows, header = [], None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line or line[0] in "#!":
                continue
            fields = line.split(";")
            if header is None:
                header = fields
                continue
            if len(fields) != len(header):
                raise ValueError(f"{path}:{number}: {len(fields)} fields, the header has {len(header)}")
            rows.append((number, fields))
    return rows


def main(argv):
    if len(argv) != 2:
        print("usage: nyckeltal.py uppsala_2024_08_nyckeltal.csv", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        rows = read_table(path)
    except (OSError, ValueError) as e:
        print(f"nyckeltal: {e}", file=sys.stderr)
        return 2

    errors = 0
    print(f"{'Nyckeltal':<46} {'Kostnader':>9} {'Intäkter':>8} {'Netto':>8} {'Volym':>7} {'Per enhet':>9}")
    for number, (name, costs, revenues, printed_net, volume, printed_per_unit) in rows:
        try:
            # kalkyl.parse reads the report's text exactly ("61 173", "11,0").
            costs, revenues, printed_net, volume, printed_per_unit = (
                kalkyl.parse(text) for text in (costs, revenues, printed_net, volume, printed_per_unit)
            )
            # The rounding is named at the call: one decimal, half up, as printed.
            result = unitcost.unit_cost(costs, revenues, volume, 1, "half_up")
        except kalkyl.KalkylError as e:  # a bad amount, a zero volume, revenues above costs
            print(f"{path}:{number}: {e}", file=sys.stderr)
            return 2
        text = [kalkyl.format(v, grouping="space") for v in (costs, revenues, result.net_cost, volume)]
        per_unit = kalkyl.format(result.per_unit)
        print(f"{name:<46} {text[0]:>9} {text[1]:>8} {text[2]:>8} {text[3]:>7} {per_unit:>9}")
        difference = abs(result.net_cost - printed_net)
        if difference > ROUNDING_TOLERANCE:
            errors += 1
            print(f"  nettokostnad: computed {text[2]}, printed {kalkyl.format(printed_net)}", file=sys.stderr)
            continue
        expected_per_unit = result.per_unit
        if difference:
            # The report divided its own (unrounded) nettokostnad: so do we.
            expected_per_unit = kalkyl.div(printed_net, volume, 1, "half_up")
            print(f"  printed {kalkyl.format(printed_net, grouping='space')} / "
                  f"{text[3]} = {kalkyl.format(expected_per_unit)}: rounding of the inputs, not an error")
        if expected_per_unit != printed_per_unit:
            errors += 1
            print(f"  per enhet: computed {kalkyl.format(expected_per_unit)}, "
                  f"printed {kalkyl.format(printed_per_unit)}", file=sys.stderr)
    if errors:
        print(f"nyckeltal: {errors} figures differ from the report", file=sys.stderr)
        return 1
    print(f"all {len(rows)} unit costs equal the printed ones; every nettokostnad within rounding")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
