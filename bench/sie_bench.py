"""The baseline of bench/sie_bench.cpp: a straightforward line-by-line SIE 4
reader in Python, as a controller's script would be written: the file opened
as CP437 text, each line split by one regular expression (quoted fields with
escapes, object lists, plain fields), #TRANS amounts summed exactly with
decimal.Decimal per year's period, account and object list.

Usage: python3 bench/sie_bench.py FILE.se [MB]   (MB: read only the first MB
megabytes, to keep the baseline's run short; the throughput is per byte read)
Prints: python line-by-line: <MB> MB in <s> s: <MB/s> MB/s (CPU time <s> s: <MB/s> MB/s), ...
"""
import re
import sys
import time
from decimal import Decimal

TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\{[^}]*\}|\S+')


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) * 1_000_000 if len(sys.argv) > 2 else None
    sums = {}
    count = 0
    read = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    with open(path, encoding="cp437", newline="") as f:
        ver_date = None
        for line in f:
            read += len(line)  # CP437: one character per byte
            tokens = TOKEN.findall(line)
            if not tokens:
                continue
            label = tokens[0]
            if label == "#VER":
                ver_date = tokens[3]
            elif label == "#TRANS":
                account, objects, amount = tokens[1], tokens[2], Decimal(tokens[3])
                date = tokens[4] if len(tokens) > 4 and tokens[4] != '""' else ver_date
                key = (date[:6], account, objects)
                sums[key] = sums.get(key, Decimal(0)) + amount
                count += 1
            if limit is not None and read >= limit:
                break
    s = time.perf_counter() - t0
    cpu = time.process_time() - c0
    mb = read / 1e6
    print(f"python line-by-line: {mb:.0f} MB in {s:.2f} s: {mb / s:.1f} MB/s "
          f"(CPU time {cpu:.2f} s: {mb / cpu:.1f} MB/s), {count} #TRANS, {len(sums)} sums")


if __name__ == "__main__":
    main()
