#!/usr/bin/env python3
"""Regenerates the fuzz corpus tests/fuzz/corpus/<target>/ from the number
strings in the seeds (/work/shared/seeds/*.txt or the directory given).

    scripts/fuzz-corpus.py [seeds-dir]

The numbers are the cells of the seeds' tables as printed ("124 998",
"-196,6", "178.503", "2,9 %", "(1 234)", "−4"), plus their C spellings; each
target gets them in its own input layout (see tests/fuzz/*.cpp). The output
is deterministic (sorted, named by content hash) and small: a few hundred
files in all. Commit what it writes; scripts/fuzz.sh adds what the fuzzer
finds to a scratch copy, never to this directory. Inputs that once broke a
target are committed by hand as finding-<what> and kept by this script.
"""

import decimal
import hashlib
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "seeds")
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
PER_TARGET = {"fuzz_parse": 160, "fuzz_roundtrip": 80, "fuzz_arith": 80, "fuzz_capi": 80}

NUMBER_CELL = re.compile(r"^[-−–+(]?\s?[\d][\d \u00a0\u202f.,]*\)?(\s?%|\s?(tkr|mnkr|kr))?$")
NUMBER_RUN = re.compile(r"[-−(]?\s?\d{1,3}(?:[ \u00a0.]\d{3})*(?:,\d+)?\)?(?:\s?%)?")


def numbers(seeds_dir):
    found = set()
    for name in sorted(os.listdir(seeds_dir)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(seeds_dir, name), encoding="utf-8") as f:
            for line in f:
                if "|" in line:
                    for cell in line.split("|"):
                        cell = cell.strip().strip("*").strip()
                        if cell and len(cell) <= 40 and NUMBER_CELL.match(cell):
                            found.add(cell)
                for m in NUMBER_RUN.finditer(line):
                    text = m.group(0).strip()
                    if any(ch.isdigit() for ch in text) and len(text) <= 40:
                        found.add(text)
    return sorted(found)


def sv_value(text):
    """The value of an sv-SE amount (None when it is not a plain one)."""
    t = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("−", "-").replace("–", "-")
    t = t.rstrip("%").replace("tkr", "").replace("mnkr", "").replace("kr", "")
    neg = t.startswith("(") and t.endswith(")")
    t = t.strip("()")
    t = t.replace(".", "").replace(",", ".")
    try:
        d = decimal.Decimal(t)
    except decimal.InvalidOperation:
        return None
    if not d.is_finite():
        return None
    return -d if neg else d


def spread(items, n):
    """n items spread evenly over the sorted list (deterministic)."""
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def dec_bytes(d):
    """A kalkyl_dec in fuzz::any_dec's layout: a small value (int32 units, scale)."""
    sign, digits, exp = d.as_tuple()
    scale = max(0, -exp)
    units = int(d.scaleb(scale))
    if not -2**31 <= units < 2**31 or scale > 28:
        return None
    return bytes([17]) + struct.pack("<i", units) + bytes([scale])


def main():
    texts = numbers(SEEDS)
    values = [(t, sv_value(t)) for t in texts]
    values = [(t, v) for t, v in values if v is not None]
    corpus = {k: [] for k in PER_TARGET}
    # fuzz_parse: a control byte, then the text as printed (and its C spelling).
    for i, t in enumerate(spread(texts, PER_TARGET["fuzz_parse"] * 3 // 4)):
        corpus["fuzz_parse"].append(bytes([i % 64]) + t.encode("utf-8"))
    for i, (t, v) in enumerate(spread(values, PER_TARGET["fuzz_parse"] // 4)):
        corpus["fuzz_parse"].append(bytes([i % 64]) + str(v).encode("ascii"))
    # fuzz_roundtrip: a value, then locale, decimals, unit, rounding, flags.
    for i, (t, v) in enumerate(spread(values, PER_TARGET["fuzz_roundtrip"])):
        b = dec_bytes(v)
        if b:
            corpus["fuzz_roundtrip"].append(b + bytes([i % 2, (i * 7) % 30, i % 3, i % 7, (i * 5) % 32]))
    # fuzz_arith: two values, a scale and a mode.
    pairs = spread(values, PER_TARGET["fuzz_arith"] + 1)
    for i in range(len(pairs) - 1):
        a, b = dec_bytes(pairs[i][1]), dec_bytes(pairs[i + 1][1])
        if a and b:
            corpus["fuzz_arith"].append(a + b + bytes([i % 29, i % 7]))
    # fuzz_capi: kalkyl_dec_parse (0) and kalkyl_dec_parse_lines (13) of the
    # texts, and each function once with the values as arguments.
    capi_texts = spread(texts, PER_TARGET["fuzz_capi"] // 2)
    for i, t in enumerate(capi_texts):
        raw = t.encode("utf-8")
        corpus["fuzz_capi"].append(bytes([0, 1]) + struct.pack("<H", len(raw)) + raw + bytes([1, 1, 1]))
    column = "\n".join(capi_texts[:12]).encode("utf-8")
    corpus["fuzz_capi"].append(bytes([13, 1]) + struct.pack("<H", len(column)) + column + b"\n\x01\x10\x01\x01")
    vals = [dec_bytes(v) for _, v in spread(values, 40)]
    vals = [b for b in vals if b]
    for fn in range(34):
        args = b"".join(vals[(fn + k) % len(vals)] + b"\x01" for k in range(6))
        corpus["fuzz_capi"].append(bytes([fn, 3]) + args + bytes([1, 1, 2, 0, 1, 1]) * 4)

    for target, inputs in corpus.items():
        d = os.path.join(OUT, target)
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):  # findings (finding-*) are kept: they are regressions
            if not old.startswith("finding-"):
                os.remove(os.path.join(d, old))
        for data in inputs:
            with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
                f.write(data)
        print("%s: %d inputs" % (target, len(os.listdir(d))))


if __name__ == "__main__":
    main()
