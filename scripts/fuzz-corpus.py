#!/usr/bin/env python3
"""Regenerates the fuzz corpus tests/fuzz/corpus/<target>/ from the number
strings in the seed reports (SEEDS-DIR/*.txt: the four reports the project's
figures come from, which are not part of the repository, so their directory
is always given).

    scripts/fuzz-corpus.py SEEDS-DIR

The numbers are the cells of the seeds' tables as printed ("124 998",
"-196,6", "178.503", "2,9 %", "(1 234)", "−4"), plus their C spellings; each
target gets them in its own input layout (see tests/fuzz/*.cpp). fuzz_report
gets ledgers instead: the CSV files of examples/data (cut to whole lines
under 3 000 bytes, as UTF-8, UTF-8 with BOM and CRLF, and Windows-1252), the
same ledgers as JSON (sv-SE strings and JSON numbers), the JSON example of
docs/ledger-format.md, and small files for the readers' rules. The output
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
SEEDS = None  # the seed reports' directory, from the command line (main)
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
PER_TARGET = {"fuzz_parse": 160, "fuzz_roundtrip": 80, "fuzz_arith": 80, "fuzz_capi": 80,
              "fuzz_report": 0}
EXAMPLES = os.path.join(ROOT, "examples", "data")
LEDGER_FORMAT = os.path.join(ROOT, "docs", "ledger-format.md")
REPORT_MAX = 3000  # scripts/fuzz.sh runs with -max_len=4096

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


def report_control(json, encoding=0, sum_lines=False, month=8, chunk=4096):
    """fuzz_report's bytes 0 and 1 (tests/fuzz/fuzz_report.cpp): format,
    encoding (0 automatic, 1 UTF-8, 2 Windows-1252), sum_lines, report month;
    the CSV reader's chunk (1..128 bytes, or 4096)."""
    return bytes([(1 if json else 0) | (encoding << 1) | (8 if sum_lines else 0) | ((month - 1) << 4),
                  chunk - 1 if chunk <= 128 else 255])


def whole_lines(text, limit):
    """The first lines of text that fit in limit bytes of UTF-8."""
    out, size = [], 0
    for line in text.splitlines(keepends=True):
        n = len(line.encode("utf-8"))
        if size + n > limit:
            break
        out.append(line)
        size += n
    return "".join(out)


def ledger_json(csv_text, as_numbers):
    """The JSON form (docs/ledger-format.md) of a long-format ledger CSV."""
    lines = [l for l in csv_text.splitlines() if l.strip() and not l.startswith("#")]
    if not lines:
        return None
    header = lines[0].split(";")
    if "id" not in header or "månad" not in header:
        return None
    unit = None
    for l in csv_text.splitlines():
        m = re.match(r"#\s*(enhet|unit)\s*[:=]\s*(\S+)", l, re.I)
        if m:
            unit = m.group(2)
    series = ("budget", "utfall", "utfall_fg_år", "budget_fg_år")
    year = ("prognos", "försämring", "förbättring", "volym")
    rows, order = {}, []
    for l in lines[1:]:
        f = dict(zip(header, l.split(";")))
        rid = f.get("id", "")
        if not rid:
            continue
        if rid not in rows:
            rows[rid] = {"id": rid}
            order.append(rid)
        r = rows[rid]
        for k in ("förälder", "namn", "typ", "volymenhet"):
            if f.get(k):
                r[k] = f[k]
        month = f.get("månad", "")
        for k in series:
            if f.get(k) and month.isdigit() and 1 <= int(month) <= 12:
                arr = r.setdefault(k, [None] * 12)
                arr[int(month) - 1] = f[k]
        for k in year:
            if f.get(k):
                r[k] = f[k]

    def amount(text):
        if not as_numbers:
            return '"%s"' % text
        v = sv_value(text)
        return str(v) if v is not None else '"%s"' % text

    out = ["{"]
    if unit:
        out.append('  "enhet": "%s",' % unit)
    out.append('  "rader": [')
    items = []
    for rid in order:
        r = rows[rid]
        parts = []
        for k, v in r.items():
            if k in series:
                while v and v[-1] is None:
                    v = v[:-1]
                parts.append('"%s": [%s]' % (k, ", ".join("null" if x is None else amount(x) for x in v)))
            elif k in year:
                parts.append('"%s": %s' % (k, amount(v)))
            else:
                parts.append('"%s": "%s"' % (k, v.replace("\\", "\\\\").replace('"', '\\"')))
        items.append("    {" + ", ".join(parts) + "}")
    # Keep whole rows under the size limit.
    while items and len(("\n".join(out) + ",\n".join(items)).encode("utf-8")) > REPORT_MAX - 10:
        items.pop()
    out.append(",\n".join(items))
    out.append("  ]")
    out.append("}")
    return "\n".join(out) + "\n"


def report_corpus():
    """Inputs for fuzz_report: ledgers as CSV and JSON, and the rules' edges."""
    inputs = []
    for name in sorted(os.listdir(EXAMPLES)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
            text = f.read()
        cut = whole_lines(text, REPORT_MAX)
        inputs.append(report_control(False) + cut.encode("utf-8"))
        inputs.append(report_control(False, 1, True, 12, chunk=64) + b"\xef\xbb\xbf" + cut.replace("\n", "\r\n").encode("utf-8"))
        inputs.append(report_control(False, 2, False, 3, chunk=7) + cut.encode("cp1252", errors="replace"))
        inputs.append(report_control(False, 0, False, 5) + cut.encode("cp1252", errors="replace"))
        for as_numbers in (False, True):
            j = ledger_json(text, as_numbers)
            if j:
                inputs.append(report_control(True, 0, False, 8 if as_numbers else 12) + j.encode("utf-8"))
    with open(LEDGER_FORMAT, encoding="utf-8") as f:
        doc = f.read()
    for block in re.findall(r"```json\n(.*?)```", doc, re.S):
        inputs.append(report_control(True) + block.encode("utf-8"))
    small = [
        (False, "id;månad;budget\n"),
        (False, ""),
        (False, "# enhet: mnkr\nid;månad;budget;utfall\nA;1;1 234,5;\"1.234,5\"\nA;2;−4;(12)\n"),
        (False, "id;förälder;typ;månad;utfall\nN;;netto;;\nK;N;kostnad;2024-08;12,5\nI;N;intäkt;202408;3\n"),
        (False, "row;month;outcome;forecast;downside;upside\nA;1;1;;;\nA;;;10;2;1\n"),
        (False, "id;månad;budget\nA;1;1\nA;1;2\n"),
        (False, "\"id\";\"månad\";\"budget\"\n\"A;B\";\"1\";\"1 000\"\n"),
        (False, "id;månad;prognos;volym;volymenhet\nA;;100;5;vårddygn\n"),
        (True, "{}"),
        (True, '{"rader": []}'),
        (True, '{"unit": "tkr", "rows": [{"row": "A", "kind": "cost", "outcome": [1, 2.5, null, "3,25"]}]}'),
        (True, '{"rader": [{"id": "A", "namn": "\\u00e5\\u00e4\\u00f6 \\\"x\\\"", "budget": [0.5]}]}'),
        (True, '{"rader": [{"id": "A", "prognos": -1, "försämring": 1, "förbättring": 0}]}'),
    ]
    for i, (json, text) in enumerate(small):
        inputs.append(report_control(json, i % 3, i % 2 == 1, i % 12 + 1) + text.encode("utf-8"))
        if not json:
            inputs.append(report_control(json, 0, True, 8, chunk=1 + i % 5) + text.encode("utf-8"))
    return inputs


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.stderr.write("usage: scripts/fuzz-corpus.py SEEDS-DIR (the directory of the seed reports' .txt files)\n")
        return 2
    texts = numbers(sys.argv[1])
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
    # 34..41: the band functions and kalkyl_backtest, 42: a ledger session.
    for fn in range(43):
        args = b"".join(vals[(fn + k) % len(vals)] + b"\x01" for k in range(6))
        corpus["fuzz_capi"].append(bytes([fn, 3]) + args + bytes([1, 1, 2, 0, 1, 1]) * 4)

    corpus["fuzz_report"] = report_corpus()

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
    sys.exit(main())
