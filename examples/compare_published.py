#!/usr/bin/env python3
"""Compares a table an example program wrote with the table as published.

    compare_published.py PUBLISHED.csv OUTPUT.csv

Both are semicolon tables with sv-SE whole numbers; in PUBLISHED, '#' lines
are comments and '!' lines relations for `kalkyl check`. The headers and row
names must be equal. Every row's figures must be equal, except on the total
row (named "Summa ..."): the published total was rounded once from amounts in
kronor while the rows were each rounded on their own, so the sum of the n
printed rows may miss the printed total by up to (n + 1) × 0,5 units. Such a
difference is reported as rounding; a larger one fails.
"""
import sys
from decimal import Decimal


def read(path, skip):
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\r\n") for line in f]
    return [line.split(";") for line in lines if line and line[0] not in skip]


def number(text):
    return Decimal(text.replace(" ", "").replace("\u00a0", "").replace("\u2212", "-").replace(",", "."))


def main(argv):
    published, output = read(argv[1], "#!"), read(argv[2], "")
    if published[0] != output[0]:
        print(f"header differs:\n  published {published[0]}\n  output    {output[0]}", file=sys.stderr)
        return 1
    if [r[0] for r in published] != [r[0] for r in output]:
        print(f"rows differ: published {[r[0] for r in published[1:]]}, output {[r[0] for r in output[1:]]}",
              file=sys.stderr)
        return 1
    body = len(published) - 2  # rows other than the header and the total
    tolerance = Decimal(body + 1) * Decimal("0.5")
    errors = roundings = 0
    for pub, out in zip(published[1:], output[1:]):
        total = pub[0].startswith("Summa")
        for column, (p, o) in enumerate(zip(pub[1:], out[1:]), 2):
            difference = abs(number(p) - number(o))
            if difference == 0:
                continue
            if total and difference <= tolerance:
                roundings += 1
                print(f"  {pub[0]}, {published[0][column - 1]}: {o}, published {p}: rounding")
            else:
                errors += 1
                print(f"  {pub[0]}, {published[0][column - 1]}: {o}, published {p}: WRONG", file=sys.stderr)
    cells = sum(len(r) - 1 for r in published[1:])
    if errors:
        print(f"{errors} of {cells} figures differ from the published table", file=sys.stderr)
        return 1
    print(f"{cells - roundings} of {cells} figures equal the published ones; {roundings} totals differ "
          f"by rounding (at most {tolerance})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
