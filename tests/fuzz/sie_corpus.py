#!/usr/bin/env python3
"""Writes the committed corpus of the fuzz_sie target (tests/fuzz/corpus/fuzz_sie/):
small SIE 4 files of every type with the awkward parts (CP437, Windows-1252
and UTF-8 text, quotes and backslashes, object lists in several dimensions,
#KSUMMA right and wrong, unbalanced and unclosed verifications, unknown
labels, a fiscal year from July, #PBUDGET for the budget round trip), each
behind the option byte fuzz_sie.cpp reads first. Each file stays under the
4 096 bytes scripts/fuzz.sh allows.

Usage: tests/fuzz/sie_corpus.py   (rewrites the directory; review the diff)
"""
import os
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_sie")


def sie(records, charset="cp437", checksum=False, tamper=0, raw_after=()):
    lines, crc = [], None
    for rec in records:
        if rec == "{" or rec == "}":
            lines.append(rec.encode())
            continue
        label, fields = rec[0], rec[1:]
        parts, summed = [label.encode()], [label.encode()]
        for f in fields:
            if isinstance(f, list):
                enc = [x.encode(charset) for x in f]
                summed += enc
                parts.append(b"{" + b" ".join(e if i % 2 == 0 else b'"' + e + b'"' for i, e in enumerate(enc)) + b"}")
            elif isinstance(f, tuple):
                enc = f[0].encode(charset)
                summed.append(enc)
                parts.append(b'"' + enc.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"')
            else:
                enc = str(f).encode(charset)
                summed.append(enc)
                parts.append(enc)
        lines.append(b" ".join(parts))
        if crc is not None:
            crc = zlib.crc32(b"".join(summed), crc)
        if checksum and label == "#FLAGGA":
            lines.append(b"#KSUMMA")
            crc = 0
    if checksum:
        lines.append(b"#KSUMMA " + str(crc + tamper).encode())
    lines += list(raw_after)
    return b"\r\n".join(lines) + b"\r\n"


HEAD = [("#FLAGGA", 0), ("#PROGRAM", ("Ekonomi Ö",), "1.0"), ("#FORMAT", "PC8"), ("#GEN", 20240405),
        ("#FNAMN", ("Socialnämnden Åby \"SN\" \\ kommun",)), ("#RAR", 0, 20240101, 20241231),
        ("#RAR", -1, 20230101, 20231231), ("#DIM", 1, ("Ansvar",)), ("#DIM", 6, ("Projekt",)),
        ("#OBJEKT", 1, ("100",), ("Äldreomsorg",)), ("#OBJEKT", 6, ("P7",), ("Öppna förskolan",)),
        ("#KONTO", 3010, ("Avgifter",)), ("#KONTO", 5010, ("Löner",)), ("#KTYP", 5010, "K")]


def verification(n, month, rows):
    out = [("#VER", "A", n, f"2024{month:02d}15", ("Lön",)), "{"]
    out += [("#TRANS", acc, objs, amt) for acc, objs, amt in rows]
    return out + ["}"]


def files():
    t4 = HEAD + [("#SIETYP", 4)]
    for m in range(1, 4):
        t4 += verification(m, m, [(5010, ["1", "100", "6", "P7"], "1000.50"), (3010, ["1", "100"], "-200.25"),
                                  (1930, [], "-800.25")])
    yield "type4_cp437_ksumma", 0x08, sie(t4, checksum=True)
    yield "type4_ksumma_broken", 0x08, sie(t4, checksum=True, tamper=1)
    yield "type4_windows1252", 0x00, sie(t4, charset="cp1252")
    yield "type4_utf8_by_dimension_6", 0x18, sie(t4, charset="utf-8")
    yield "type4_forced_cp437_istream", 0x05, sie(t4)
    t2 = HEAD + [("#SIETYP", 2)]
    for m in range(1, 13):
        t2 += [("#PBUDGET", 0, f"2024{m:02d}", 5010, [], "5000.00"), ("#PBUDGET", 0, f"2024{m:02d}", 3010, [], "-100"),
               ("#PSALDO", 0, f"2024{m:02d}", 5010, [], "4900.10"), ("#PSALDO", -1, f"2023{m:02d}", 5010, [], "4500")]
    yield "type2_budget_psaldo", 0x80, sie(t2, checksum=True)
    t3 = HEAD + [("#SIETYP", 3), ("#PSALDO", 0, "202401", 5010, [], "300.00"),
                 ("#PSALDO", 0, "202401", 5010, ["1", "100"], "120.00"),
                 ("#PBUDGET", 0, "202402", 5010, ["1", "100"], "-0.01"),
                 ("#OIB", 0, 5010, ["1", "100"], "10"), ("#IB", 0, 1930, "1000000.00", "3"),
                 ("#UB", 0, 1930, "999.99"), ("#RES", 0, 5010, "-12.5")]
    yield "type3_objects_and_balances", 0x48, sie(t3)
    t1 = HEAD + [("#SIETYP", 1), ("#IB", 0, 1930, "100.00"), ("#UB", 0, 1930, "200.00"), ("#RES", 0, 3010, "-100.00")]
    yield "type1_year_balances", 0x00, sie(t1)
    bad = HEAD + [("#SIETYP", 4), ("#TRANS", 5010, [], "1.00")] + \
        verification(1, 1, [(5010, [], "100.00"), (1930, [], "-99.00")]) + \
        [("#VER", "A", 2, "20240201"), "{", ("#TRANS", 5010, [], "7.00"), ("#RTRANS", 5010, [], "1"),
         ("#BTRANS", 5010, [], "2")]
    yield "structure_errors", 0x40, sie(bad)
    july = [("#FLAGGA", 0), ("#SIETYP", 2), ("#RAR", 0, 20240701, 20250630), ("#RAR", -1, 20230701, 20240630),
            ("#PSALDO", 0, "202407", 4010, [], "1"), ("#PSALDO", 0, "202506", 4010, [], "12"),
            ("#PBUDGET", 0, "202501", 4010, [], "7"), ("#FUTURE", 1, ("okänd",)), ("#FUTURE", 2)]
    yield "fiscal_year_july_unknown_labels", 0x00, sie(july)
    yield "malformed_amount", 0x00, sie(HEAD + [("#PSALDO", 0, "202401", 5010, [], "12,50")])
    yield "unterminated_quote", 0x00, sie(HEAD, raw_after=[b'#KONTO 4010 "Ink\x94p'])
    yield "unclosed_list", 0x00, sie(HEAD, raw_after=[b'#TRANS 4010 {1 "100" 5'])
    yield "bom_utf8", 0x03, b"\xef\xbb\xbf" + sie(t4[:20], charset="utf-8")
    yield "ctrl_z_end", 0x00, sie(t1) + b"\x1a"
    # Inputs that once broke the target (docs/sie.md, "Fuzzing").
    yield "finding-label-outside-ascii", 0x00, sie(HEAD, raw_after=[b"#K\x99NTO 4010"])
    yield "finding-budget-symbol-not-cp1252", 0x80, sie(
        [("#FLAGGA", 0), ("#RAR", 0, 20240101, 20241231), ("#PBUDGET", 0, "202402", 5010, ["1", "100\u2264"], "-0.01")])


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    for name, option, data in files():
        blob = bytes([option]) + data
        assert len(blob) <= 4096, (name, len(blob))
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(blob)
    print(f"{len(os.listdir(OUT))} files in {OUT}")


if __name__ == "__main__":
    main()
