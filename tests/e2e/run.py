#!/usr/bin/env python3
"""End-to-end tests of the `kalkyl` executable (issue 8).

Usage: run.py --kalkyl PATH CASE      (ctest runs one case per test)
       run.py --kalkyl PATH --update  (rewrites tests/e2e/expected/*: review the diff)
       run.py --kalkyl PATH --list

Every sample file in examples/data is run and compared with an expected
output in tests/e2e/expected, and the figures that the seeds print are
asserted from the JSON output (shared/seeds/..., named per case). Malformed
files must fail with file:line:column and status 1; usage errors with 2.
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "examples", "data")
E2E = os.path.join(HERE, "data")
EXPECTED = os.path.join(HERE, "expected")
KALKYL = None
UPDATE = False


def run(args, stdin=None):
    p = subprocess.run([KALKYL] + args, capture_output=True, cwd=ROOT, input=stdin)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def fail(msg):
    raise AssertionError(msg)


def expect_status(args, status, stderr_re=None):
    code, out, err = run(args)
    if code != status:
        fail(f"kalkyl {' '.join(args)}: status {code}, expected {status}\nstdout:\n{out}\nstderr:\n{err}")
    if stderr_re and not re.search(stderr_re, err):
        fail(f"kalkyl {' '.join(args)}: stderr {err!r} does not match {stderr_re!r}")
    return out, err


def golden(name, text):
    path = os.path.join(EXPECTED, name)
    if UPDATE:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return
    with open(path, encoding="utf-8") as f:
        want = f.read()
    if want != text:
        import difflib
        diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True), "expected/" + name, "actual"))
        fail(f"output differs from expected/{name}:\n{diff}")


def table(report, key):
    for t in report["tables"]:
        if t["id"] == key:
            return t
    fail(f"no table {key}")


def values(t, label):
    for r in t["rows"]:
        if r["label"] == label:
            return [str(v) for v in r["values"]]
    fail(f"no row {label!r} in {t['id']}")


# --- the samples -------------------------------------------------------------------

UPPSALA = "examples/data/uppsala_2024_08.csv"


def case_uppsala_text():
    out, _ = expect_status(["report", UPPSALA], 0)
    golden("uppsala_2024_08.txt", out)


def case_uppsala_markdown():
    out, _ = expect_status(["report", UPPSALA, "--format", "markdown"], 0)
    golden("uppsala_2024_08.md", out)


def case_uppsala_csv():
    out, _ = expect_status(["report", UPPSALA, "--format", "csv", "--unit", "tkr"], 0)
    golden("uppsala_2024_08_tkr.csv", out)


def case_uppsala_english():
    out, _ = expect_status(["report", UPPSALA, "--lang", "en", "--decimals", "1"], 0)
    golden("uppsala_2024_08_en.txt", out)


def case_uppsala_seed_figures():
    # shared/seeds/000_2ed63b26c6aacf5d.txt, "Delårsbokslut augusti 2024" and
    # "Prognososäkerhet" (mnkr): the committee's figures exactly as printed,
    # each verksamhet within the one display unit that footing may move it.
    out, _ = expect_status(["report", UPPSALA, "--format", "json"], 0)
    rep = json.loads(out)
    assert rep["month"] == 8 and rep["unit"] == "mnkr", rep
    res = table(rep, "resultat")
    assert values(res, "Socialnämnden") == ["950", "-27", "-13", "-30"], values(res, "Socialnämnden")
    printed = {
        "Politisk verksamhet": [5, 0, 0, 0],
        "Vård och omsorg om personer med funktionsnedsättning": [0, -3, -2, -4],
        "Missbrukarvård och övrig vård för vuxna": [234, -4, 2, 14],
        "Barn- och ungdomsvård": [685, -21, -16, -40],
        "Familjerätt och familjerådgivning": [24, 0, 1, 2],
        "Flyktingmottagande": [2, 0, 2, -1],
    }
    moved = 0
    for name, want in printed.items():
        got = [int(v) for v in values(res, name)]
        for g, w in zip(got, want):
            assert abs(g - w) <= 1, (name, got, want)
            moved += g != w
    # The seed's rows add to −28 and −29 under −27 and −30: one figure moves in each column.
    assert moved == 2, moved
    band = table(rep, "prognosspann")
    assert values(band, "Socialnämnden") == ["-30", "5", "5", "-35", "-25"], values(band, "Socialnämnden")
    # Nyckeltal sheets: 123 464 tkr / 22 939 vårddygn = 5,4 tkr; 60 975 / 5 555 = 11,0 tkr.
    nyk = table(rep, "nyckeltal")
    assert values(nyk, "Institutionsvård barn och unga (5731), vårddygn")[1:] == ["22939", "5382"]
    assert values(nyk, "Strukturerad öppenvård (5733), vårdtagare")[1:] == ["5555", "10977"]
    # Every printed table foots.
    for t in rep["tables"]:
        if t["id"] in ("resultat", "driftredovisning"):
            rows = [r["values"] for r in t["rows"]]
            for c in range(len(t["columns"])):
                assert sum(r[c] for r in rows[:-1]) == rows[-1][c], (t["id"], c)


def case_uppsala_chart():
    d = tempfile.mkdtemp()
    try:
        svg = os.path.join(d, "uppsala.svg")
        expect_status(["report", UPPSALA, "--chart", svg, "--output", os.path.join(d, "r.txt")], 0)
        text = open(svg, encoding="utf-8").read()
        for label in ("månad", "mnkr", "Prognosspann", "Helårsprognos", "jan", "dec", "−35", "−25"):
            assert label in text, label
        png = os.path.join(d, "uppsala.png")
        conv = shutil.which("rsvg-convert")
        if conv is None:
            fail("rsvg-convert not found (Debian: librsvg2-bin, scripts/install-deps.sh)")
        subprocess.run([conv, svg, "-o", png], check=True)
        with open(png, "rb") as f:
            head = f.read(24)
        assert head[:8] == b"\x89PNG\r\n\x1a\n", head
        w, h = struct.unpack(">II", head[16:24])
        assert w > 500 and h > 400, (w, h)
        assert os.path.getsize(png) > 10000
        if os.environ.get("KALKYL_KEEP_CHART"):
            shutil.copy(png, os.environ["KALKYL_KEEP_CHART"])
    finally:
        shutil.rmtree(d)


def case_huddinge_report():
    # shared/seeds/003_88ecce726bdc263c.txt, "Ekonomi, drift (per verksamhet)", tkr:
    # every verksamhet exactly as printed. The printed totals are the exact
    # sums of the rows or 1 tkr off them (281 609 against the rows' 281 610):
    # the published inputs were kronor, rounded one by one; kalkyl prints the
    # exact sum.
    out, _ = expect_status(["report", "examples/data/huddinge_2021_08.csv", "--unit", "tkr"], 0)
    golden("huddinge_2021_08_tkr.txt", out)
    out, _ = expect_status(["report", "examples/data/huddinge_2021_08.csv", "--unit", "tkr", "--format", "json"], 0)
    drift = table(json.loads(out), "driftredovisning")
    printed = {
        "Socialpsykiatri": [70108, 69808, 300, 46808, 46537, 271, 40341],
        "Vård och behandling": [346733, 342341, 4392, 230451, 227234, 3217, 212924],
        "Nämnd och övergripande verksamhet": [6007, 4576, 1431, 4003, 2640, 1363, 3035],
        "Ensamkommande barn och unga": [0, 2748, -2748, 348, 1418, -1070, 4268],
    }
    for name, want in printed.items():
        assert [int(v) for v in values(drift, name)] == want, (name, values(drift, name))
    total = [int(v) for v in values(drift, "Socialnämnden")]
    for g, w in zip(total, [422848, 419473, 3375, 281609, 277829, 3780, 260569]):
        assert abs(g - w) <= 1, (total,)


def case_uppsala_year_end():
    # shared/seeds/002_31e8e90355d16209.txt, "Sammanfattning av ekonomiskt
    # resultat" (årets resultat 2024 per verksamhet 0, −4, 10, −32, 1, 2 mnkr),
    # and DOMAIN.md: the year ended at −23,5 against August's band −35..−25,
    # 1,5 above its top.
    out, _ = expect_status(["report", "examples/data/uppsala_2024_12.csv", "--decimals", "1"], 0)
    golden("uppsala_2024_12.txt", out)
    assert "Årets resultat -23,5 ligger 1,5 över prognosspannets övre gräns." in out, out
    out, _ = expect_status(["report", "examples/data/uppsala_2024_12.csv", "--format", "json"], 0)
    rep = json.loads(out)
    res = table(rep, "resultat")
    rows = [int(values(res, n)[1]) for n in ("Politisk verksamhet", "Vård och omsorg om personer med funktionsnedsättning",
                                              "Missbrukarvård och övrig vård för vuxna", "Barn- och ungdomsvård",
                                              "Familjerätt och familjerådgivning", "Flyktingmottagande")]
    for g, w in zip(rows, [0, -4, 10, -32, 1, 2]):
        assert abs(g - w) <= 1, rows
    assert values(table(rep, "prognosspann"), "Socialnämnden") == ["-30", "5", "5", "-35", "-25"]


def case_doc_example():
    out, _ = expect_status(["report", "tests/e2e/data/doc_example.csv", "--unit", "tkr"], 0)
    golden("doc_example.txt", out)


def case_json_input():
    # docs/ledger-format.md's JSON example and the same content as CSV give the same report.
    out, _ = expect_status(["report", "tests/e2e/data/doc_example.json", "--unit", "tkr", "--month", "3"], 0)
    golden("doc_example_json.txt", out)
    assert "Individ- och familjeomsorg" in out and "-3\u00a0500" in out, out


def case_cp1252_input():
    # The same ledger as Excel writes it in Sweden (Windows-1252): detected, same report.
    src = open(os.path.join(ROOT, "tests/e2e/data/doc_example.csv"), encoding="utf-8").read()
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "ledger_cp1252.csv")
        with open(p, "wb") as f:
            f.write(src.encode("cp1252"))
        bom = os.path.join(d, "ledger_bom.csv")
        with open(bom, "wb") as f:
            f.write(b"\xef\xbb\xbf" + src.encode("utf-8"))
        want, _ = expect_status(["report", "tests/e2e/data/doc_example.csv", "--format", "json"], 0)
        for path, opts in ((p, []), (p, ["--encoding", "windows-1252"]), (bom, [])):
            got, _ = expect_status(["report", path, "--format", "json"] + opts, 0)
            assert got.replace(path, "X") == want, path
        # Forced UTF-8 on a Windows-1252 file: an encoding error at line:column.
        _, err = expect_status(["report", p, "--encoding", "utf-8"], 1, r"ledger_cp1252\.csv:\d+:\d+: wrong encoding")
    finally:
        shutil.rmtree(d)


def case_check_uppsala():
    out, _ = expect_status(["check", "examples/data/uppsala_2024_08_tabell.csv"], 0)
    golden("check_uppsala_2024_08.txt", out)
    assert "avrundning: Periodens utfall 202401-202408: rader mot Nämnden totalt: väntat -28, tryckt -27" in out


def case_check_eskilstuna_kpb():
    out, _ = expect_status(["check", "examples/data/eskilstuna_2023_kpb.csv"], 0)
    golden("check_eskilstuna_2023_kpb.txt", out)


def case_check_eskilstuna_inkop():
    # 42 of 44 insatser printed as 94 %: an error, status 1.
    out, _ = expect_status(["check", "examples/data/eskilstuna_2023_inkop.csv"], 1)
    golden("check_eskilstuna_2023_inkop.txt", out)
    assert "fel: Skyddat boende: Inom ramavtal %: väntat 95,45, tryckt 94" in out


def case_check_huddinge():
    out, _ = expect_status(["check", "examples/data/huddinge_2021_08_tabell.csv"], 0)
    golden("check_huddinge_2021_08.txt", out)


def case_check_uppsala_nyckeltal():
    # The four nyckeltal sheets: 61 173 − 198 printed 60 976 is rounding (DOMAIN.md).
    out, _ = expect_status(["check", "examples/data/uppsala_2024_08_nyckeltal.csv"], 0)
    golden("check_uppsala_2024_08_nyckeltal.txt", out)
    assert "avrundning: 5733 Strukturerad öppenvård, per vårdtagare: Nettokostnad: väntat 60\u00a0975, tryckt 60\u00a0976" in out
    assert "10 relationer: 7 ok, 3 avrundning, 0 fel" in out


def case_check_huddinge_driftredovisning():
    # "Driftredovisning, tkr": cost rows budget − utfall, the revenue row
    # utfall − budget (DOMAIN.md: 277 573 − 265 650 = 11 923; 51 927 − 50 149 = 1 778).
    out, _ = expect_status(["check", "examples/data/huddinge_2021_08_driftredovisning.csv"], 0)
    golden("check_huddinge_2021_08_driftredovisning.txt", out)
    assert "ok: Personal: Avvikelse helår: väntat 11\u00a0923, tryckt 11\u00a0923" in out, out
    assert "ok: Verksamhetens intäkter: Avvikelse helår: väntat 1\u00a0778, tryckt 1\u00a0778" in out, out


def case_every_sample():
    # Every CSV in examples/data is a ledger (report) or a published table
    # (check), and runs; the expected status of each check is declared here.
    check_status = {"eskilstuna_2023_inkop.csv": 1}
    legacy = {"huddinge_2021_08_verksamheter.csv"}  # examples/seed_table's own input
    seen = 0
    for name in sorted(os.listdir(DATA)):
        if not name.endswith(".csv") or name in legacy:
            continue
        text = open(os.path.join(DATA, name), encoding="utf-8").read()
        path = "examples/data/" + name
        if "\n!" in text:
            expect_status(["check", path], check_status.get(name, 0))
        else:
            for fmt in ("text", "markdown", "csv", "json"):
                out, _ = expect_status(["report", path, "--format", fmt], 0)
                if fmt == "json":
                    json.loads(out)
        seen += 1
    assert seen >= 8, seen


def case_json_numbers_exact():
    # JSON numbers are read as decimal text, never through a double: 0.1 + 0.2
    # is 0.3, and a 20-digit amount keeps every digit.
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "exact.json")
        with open(p, "w", encoding="utf-8") as f:
            f.write('{"rader": [{"id": "N", "typ": "netto", "budget": [12345678901234567890.12]},'
                    ' {"id": "K", "förälder": "N", "utfall": [0.1, 0.2], "prognos": 0.3}]}')
        out, _ = expect_status(["report", p, "--unit", "kr", "--decimals", "2", "--format", "json", "--month", "2"], 0)
        drift = table(json.loads(out, parse_float=str, parse_int=str), "driftredovisning")
        total = drift["rows"][-1]["values"]  # the root N: its own budget, K's outcome
        assert total[0] == "12345678901234567890.12", total
        assert total[4] == "0.30", total  # utfall jan–feb = 0.1 + 0.2 exactly
    finally:
        shutil.rmtree(d)


def case_progress_line():
    # --progress forces the progress line on stderr (by default only on a terminal, for a large input).
    _, err = expect_status(["report", UPPSALA, "--progress", "--output", os.devnull], 0)
    assert "rader lästa" in err, err


def doc_example_variant(d, old, new, name="ledger.csv"):
    """tests/e2e/data/doc_example.csv with one text replaced, in directory d."""
    src = open(os.path.join(ROOT, "tests/e2e/data/doc_example.csv"), encoding="utf-8").read()
    assert old in src, old
    p = os.path.join(d, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(src.replace(old, new))
    return p


def case_warnings_every_format():
    # A unit cost over a volume of 0 vårddygn is not defined: the nyckeltal
    # table lacks the row, and every format says so before its tables.
    d = tempfile.mkdtemp()
    try:
        p = doc_example_variant(d, "1 840;vårddygn", "0;vårddygn")
        sv = "Institutionsvård barn och unga: ingen kostnad per vårddygn, eftersom volymen är 0."
        en = "Institutionsvård barn och unga: no cost per care day, since the volume is 0."
        out, err = expect_status(["report", p], 0)
        assert err == "kalkyl: varning: " + sv + "\n", err
        assert out.index("Varningar\n  " + sv + "\n") < out.index("Resultat per verksamhet"), out
        out, err = expect_status(["report", p, "--lang", "en"], 0)
        assert err == "kalkyl: warning: " + en + "\n", err
        assert out.index("Warnings\n  " + en + "\n") < out.index("Result by activity"), out
        assert "vårddygn, eftersom" not in out, out
        out, _ = expect_status(["report", p, "--format", "markdown"], 0)
        assert out.index("## Varningar\n\n- " + sv + "\n") < out.index("## Resultat"), out
        out, _ = expect_status(["report", p, "--format", "csv"], 0)
        assert out.startswith("# Varningar\n" + sv + "\n\n# Resultat"), out
        out, _ = expect_status(["report", p, "--format", "json", "--lang", "en"], 0)
        rep = json.loads(out)
        assert rep["warnings"] == [{"code": "unit_cost_zero_volume", "message": en}], rep["warnings"]
        # --strict: the same report, and exit status 1.
        full, _ = expect_status(["report", p, "--format", "json", "--lang", "en", "--strict"], 1,
                                r"kalkyl: warning: Institutionsvård")
        assert full == out
        # Without a warning the array is there and empty, and --strict is 0.
        out, err = expect_status(["report", "tests/e2e/data/doc_example.csv", "--format", "json", "--strict"], 0)
        assert json.loads(out)["warnings"] == [] and err == "", (out, err)
    finally:
        shutil.rmtree(d)


def case_english_notes():
    # --lang en: every note and every row the report names itself is English
    # (an "övrigt" row, a computed forecast, a unit cost over few care days,
    # the total of several roots); --lang sv keeps the Swedish.
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "notes.csv")
        with open(p, "w", encoding="utf-8") as f:
            f.write("id;förälder;namn;typ;månad;budget;utfall;volym;volymenhet\n"
                    "N;;Nämnden;netto;1;100;;;\n"
                    "A;N;Alfa;kostnad;1;50;40;5;vårddygn\n")
        en, _ = expect_status(["report", p, "--lang", "en", "--unit", "kr"], 0)
        for want in ("Other (the committee's own items)",
                     "Other: amounts on the committee's own row",
                     "Alfa: no forecast in the ledger; computed as the outcome to date",
                     "Alfa: fewer than 10 care days; the unit cost is not comparable."):
            assert want in en, (want, en)
        for swedish in ("Övrigt", "ingen prognos", "färre än", "nyckeltalet", "huvudboken"):
            assert swedish not in en, (swedish, en)
        sv, _ = expect_status(["report", p, "--unit", "kr"], 0)
        for want in ("Övrigt (nämndens egna poster)", "Alfa: ingen prognos i huvudboken",
                     "Alfa: färre än 10 vårddygn, nyckeltalet är inte jämförbart."):
            assert want in sv, (want, sv)
        js = json.loads(expect_status(["report", p, "--lang", "en", "--format", "json"], 0)[0])
        assert all("ingen" not in n and "Övrigt" not in n for n in js["notes"]), js["notes"]
        # Two roots: the sum is "Total" in English, "Totalt" in Swedish.
        with open(p, "w", encoding="utf-8") as f:
            f.write("id;typ;månad;budget;utfall;prognos\nA;kostnad;1;10;5;10\nB;kostnad;1;20;5;20\n")
        en, _ = expect_status(["report", p, "--lang", "en", "--format", "csv"], 0)
        assert "\nTotal;" in en and "Totalt" not in en, en
        sv, _ = expect_status(["report", p, "--format", "csv"], 0)
        assert "\nTotalt;" in sv, sv
    finally:
        shutil.rmtree(d)


# --- malformed input: file:line:column and status 1 ----------------------------------

BAD = {
    "bad_number": (b"id;m\xc3\xa5nad;utfall\nA;1;12,3,4\n", r"bad\.csv:2:9: bad number \"12,3,4\""),
    "missing_column": (b"id;utfall\nA;1\n", r"bad\.csv:1:1: missing column \"månad\""),
    "duplicate_id": (b"id;m\xc3\xa5nad;utfall\nA;1;5\nA;2;5\nA;1;7\n", r"bad\.csv:4:3: duplicate row id \"A\" for month 1"),
    "duplicate_definition": (b"id;f\xc3\xb6r\xc3\xa4lder;m\xc3\xa5nad;utfall\nR;;1;5\nA;R;1;5\nA;Q;2;5\n",
                             r"bad\.csv:4:3: duplicate row id \"A\": förälder"),
    "wrong_encoding": (b"id;m\xc3\xa5nad;utfall;namn\nA;1;5;Barn\nB;1;5;V\xe5rd\n", r"bad\.csv:3:8: wrong encoding"),
    "bad_month": (b"id;m\xc3\xa5nad;utfall\nA;13;5\n", r"bad\.csv:2:3: bad month \"13\""),
    "field_count": (b"id;m\xc3\xa5nad;utfall\nA;1;5;6\n", r"bad\.csv:2:7: expected 3 fields"),
    "unknown_column": (b"id;m\xc3\xa5nad;utfall;foo\nA;1;5;6\n", r"bad\.csv:1:17: unknown column \"foo\""),
    "json_bad_number": (b'{"rader": [{"id": "A", "utfall": [1, "12,3,4"]}]}', r"bad\.json:1:\d+: bad number"),
    "json_duplicate_id": (b'{"rader": [{"id": "A"},\n {"id": "A"}]}', r"bad\.json:2:\d+: duplicate row id"),
}


def bad_case(name):
    content, pattern = BAD[name]
    d = tempfile.mkdtemp()
    try:
        fname = "bad.json" if name.startswith("json") else "bad.csv"
        path = os.path.join(d, fname)
        with open(path, "wb") as f:
            f.write(content)
        out_path = os.path.join(d, "out.txt")
        chart = os.path.join(d, "out.svg")
        encoding = ["--encoding", "utf-8"] if name == "wrong_encoding" else []
        out, _ = expect_status(["report", path, "--output", out_path, "--chart", chart] + encoding, 1, pattern)
        # No partial output: neither file exists, nor a temporary.
        assert sorted(os.listdir(d)) == [fname], os.listdir(d)
    finally:
        shutil.rmtree(d)


# --- usage errors: status 2 ------------------------------------------------------------

def case_usage_errors():
    expect_status(["report", UPPSALA, "--month", "13"], 2, r"--month 13: expected a whole number 1\.\.12")
    expect_status(["report", UPPSALA, "--month", "0"], 2, r"--month 0")
    expect_status(["report", UPPSALA, "--frobnicate"], 2, r"unknown option --frobnicate")
    expect_status(["report", UPPSALA, "--unit", "kkr"], 2, r"--unit kkr")
    expect_status(["report", "no/such/file.csv"], 2, r"cannot read no/such/file\.csv")
    expect_status(["report", "examples"], 2, r"cannot read examples")
    expect_status(["check"], 2, r"check takes one table file")
    expect_status(["bogus"], 2, r"unknown command bogus")
    expect_status([], 2)
    for cmd in ("report", "check"):
        out, _ = expect_status([cmd, "--help"], 0)
        assert "Example" in out and "--format" in out, out
    out, _ = expect_status(["report", "--help"], 0)
    for opt in ("--unit", "--decimals", "--month", "--lang", "--chart", "--output", "--encoding", "--sum-lines",
                "--strict"):
        assert opt in out, opt


def case_output_atomic():
    d = tempfile.mkdtemp()
    try:
        target = os.path.join(d, "report.md")
        expect_status(["report", UPPSALA, "--format", "markdown", "--output", target], 0)
        assert open(target, encoding="utf-8").read().startswith("# Socialnämnden"), target
        assert sorted(os.listdir(d)) == ["report.md"], os.listdir(d)
        # An output that cannot be written: status 2, and the chart is not left behind either.
        expect_status(["report", UPPSALA, "--chart", os.path.join(d, "c.svg"), "--output",
                       os.path.join(d, "missing", "r.txt")], 2, r"cannot write")
        assert sorted(os.listdir(d)) == ["report.md"], os.listdir(d)
    finally:
        shutil.rmtree(d)


def case_output_to_a_pipe():
    # --output naming a FIFO (as /dev/stdout or /dev/null can be) is written
    # to, not replaced by a renamed file: as root a rename would swap the
    # device node for a regular file.
    import stat
    import threading

    d = tempfile.mkdtemp()
    try:
        fifo = os.path.join(d, "pipe")
        os.mkfifo(fifo)
        got = []
        reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
        reader.start()
        expect_status(["report", UPPSALA, "--format", "markdown", "--output", fifo], 0)
        reader.join(timeout=60)
        assert got and got[0].decode("utf-8").startswith("# Socialnämnden"), got
        assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced"
        assert sorted(os.listdir(d)) == ["pipe"], os.listdir(d)
    finally:
        shutil.rmtree(d)


# --- outputs: all or none, never lost, never widened (src/platform/output_file.hpp) -----

SIE_BUDGET_OK = "konto;belopp\n5010;1200\n"


def run_to(args, stdout, **kw):
    """kalkyl with standard output on `stdout` (a file object or descriptor)."""
    p = subprocess.run([KALKYL] + args, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, **kw)
    return p.returncode, p.stderr.decode("utf-8")


def case_output_write_failure():
    # A full disk or a closed pipe on standard output is exit status 2 with
    # the reason, for every command, not a silent 0.
    d = tempfile.mkdtemp()
    try:
        budget = os.path.join(d, "budget.csv")
        with open(budget, "w", encoding="utf-8") as f:
            f.write(SIE_BUDGET_OK)
        commands = (["report", UPPSALA], ["report", UPPSALA, "--format", "json"],
                    ["check", "examples/data/uppsala_2024_08_tabell.csv"],
                    ["sie-budget", budget] + BUDGET_ARGS, ["report", "--help"], ["--help"], ["--version"])
        for args in commands:
            with open("/dev/full", "wb") as full:
                code, err = run_to(args, full)
            assert code == 2 and "cannot write standard output: No space left on device" in err, (args, code, err)
            # A pipe whose reader is gone: EPIPE, not death by SIGPIPE with nothing said.
            r, w = os.pipe()
            os.close(r)
            try:
                code, err = run_to(args, w)
            finally:
                os.close(w)
            assert code == 2 and "cannot write standard output: Broken pipe" in err, (args, code, err)
        # --output naming a full device: the same.
        expect_status(["report", UPPSALA, "--output", "/dev/full"], 2, r"cannot write /dev/full: No space left")
        expect_status(["sie-budget", budget] + BUDGET_ARGS + ["--output", "/dev/full"], 2, r"cannot write /dev/full")
    finally:
        shutil.rmtree(d)


def case_output_all_or_none():
    # Every output of a run is committed, or none is: the chart is not
    # replaced (nor created) when the report cannot be written.
    d = tempfile.mkdtemp()
    try:
        chart = os.path.join(d, "c.svg")
        with open(chart, "w") as f:
            f.write("old chart")
        expect_status(["report", UPPSALA, "--chart", chart, "--output", "/dev/full"], 2, r"cannot write /dev/full")
        assert open(chart).read() == "old chart" and os.listdir(d) == ["c.svg"], os.listdir(d)
        new_chart = os.path.join(d, "new.svg")
        with open("/dev/full", "wb") as full:
            code, err = run_to(["report", UPPSALA, "--chart", new_chart], full)
        assert code == 2 and "standard output" in err, (code, err)
        assert os.listdir(d) == ["c.svg"], os.listdir(d)
        # A directory as the output: nothing written, the chart neither.
        os.mkdir(os.path.join(d, "dir"))
        expect_status(["report", UPPSALA, "--chart", chart, "--output", os.path.join(d, "dir")], 2, r"is a directory")
        assert open(chart).read() == "old chart", "chart replaced"
        # Both complete on success, no temporaries left.
        report = os.path.join(d, "r.txt")
        expect_status(["report", UPPSALA, "--chart", chart, "--output", report], 0)
        assert "<svg" in open(chart, encoding="utf-8").read(), chart
        assert open(report, encoding="utf-8").read().startswith("Socialnämnden"), report
        assert sorted(os.listdir(d)) == ["c.svg", "dir", "r.txt"], os.listdir(d)
        # The same file for both outputs is refused.
        expect_status(["report", UPPSALA, "--chart", report, "--output", report], 2, r"is also --chart")
        # Standard output and devices still work: /dev/null twice, /dev/stdout.
        expect_status(["report", UPPSALA, "--chart", "/dev/null", "--output", "/dev/null"], 0)
        out, _ = expect_status(["report", UPPSALA, "--output", "/dev/stdout"], 0)
        assert out.startswith("Socialnämnden"), out
        with open(report, "ab") as f:  # --output /dev/stdout >> r.txt appends
            code, err = run_to(["report", UPPSALA, "--format", "csv", "--output", "/dev/stdout"], f)
        assert code == 0, err
        text = open(report, encoding="utf-8").read()
        assert text.startswith("Socialnämnden") and text.count("Socialnämnden: uppföljning") == 1 and ";" in text, text[-200:]
    finally:
        shutil.rmtree(d)


def case_output_file_modes():
    # --output behaves as the shell's `>` would: an existing file keeps its
    # mode, a new one gets 0666 less the umask, a read-only one is refused.
    import stat
    d = tempfile.mkdtemp()
    try:
        private = os.path.join(d, "private.txt")
        with open(private, "w") as f:
            f.write("old")
        os.chmod(private, 0o600)
        expect_status(["report", UPPSALA, "--output", private], 0)
        assert stat.S_IMODE(os.stat(private).st_mode) == 0o600, oct(os.stat(private).st_mode)
        assert open(private, encoding="utf-8").read().startswith("Socialnämnden")
        for umask, mode in ((0o027, 0o640), (0o022, 0o644), (0o077, 0o600)):
            new = os.path.join(d, f"new{umask:o}.txt")
            p = subprocess.run([KALKYL, "report", UPPSALA, "--output", new], capture_output=True, cwd=ROOT, umask=umask)
            assert p.returncode == 0, p.stderr
            assert stat.S_IMODE(os.stat(new).st_mode) == mode, (umask, oct(os.stat(new).st_mode))
        # Read-only: refused and unchanged. As root a mode does not refuse
        # (nor does `>`); the run is then made as the user nobody.
        readonly = os.path.join(d, "readonly.txt")
        with open(readonly, "w") as f:
            f.write("keep")
        os.chmod(readonly, 0o444)
        kw = {}
        if os.geteuid() == 0:
            os.chmod(d, 0o777)
            kw = {"user": 65534}
        p = subprocess.run([KALKYL, "report", UPPSALA, "--output", readonly], capture_output=True, cwd=ROOT, **kw)
        assert p.returncode == 2 and b"cannot write " + readonly.encode() + b": Permission denied" in p.stderr, p
        assert open(readonly).read() == "keep" and stat.S_IMODE(os.stat(readonly).st_mode) == 0o444
        if os.geteuid() == 0:
            # Root replacing another user's file keeps its owner, group and mode.
            theirs = os.path.join(d, "theirs.txt")
            with open(theirs, "w") as f:
                f.write("old")
            os.chown(theirs, 65534, 65534)
            os.chmod(theirs, 0o640)
            expect_status(["report", UPPSALA, "--output", theirs], 0)
            st = os.stat(theirs)
            assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, 0o640), st
        assert not [n for n in os.listdir(d) if ".tmp." in n], os.listdir(d)
    finally:
        shutil.rmtree(d)


def case_output_through_symlink():
    # A symbolic link is written through: its target is replaced (the
    # temporary lives beside the target), the link stays a link.
    d = tempfile.mkdtemp()
    try:
        os.mkdir(os.path.join(d, "real"))
        target = os.path.join(d, "real", "rapport.txt")
        with open(target, "w") as f:
            f.write("old")
        os.chmod(target, 0o640)
        link = os.path.join(d, "link.txt")
        os.symlink("real/rapport.txt", link)
        expect_status(["report", UPPSALA, "--output", link], 0)
        assert os.path.islink(link) and os.readlink(link) == "real/rapport.txt"
        assert open(target, encoding="utf-8").read().startswith("Socialnämnden"), target
        assert os.stat(target).st_mode & 0o777 == 0o640, oct(os.stat(target).st_mode)
        assert sorted(os.listdir(d)) == ["link.txt", "real"] and os.listdir(os.path.join(d, "real")) == ["rapport.txt"]
        # A link to a link, and a dangling link: the file is created where it points.
        os.symlink("link.txt", os.path.join(d, "link2.txt"))
        expect_status(["report", UPPSALA, "--format", "csv", "--output", os.path.join(d, "link2.txt")], 0)
        assert ";" in open(target, encoding="utf-8").read() and os.path.islink(os.path.join(d, "link2.txt"))
        os.symlink("real/new.svg", os.path.join(d, "chart.svg"))
        expect_status(["report", UPPSALA, "--chart", os.path.join(d, "chart.svg"), "--output", os.devnull], 0)
        assert os.path.islink(os.path.join(d, "chart.svg"))
        assert "<svg" in open(os.path.join(d, "real", "new.svg"), encoding="utf-8").read()
    finally:
        shutil.rmtree(d)


def case_output_is_input():
    # An output that is the run's input (the same file, by name, symbolic
    # link, hard link or standard input) is refused and the input kept.
    d = tempfile.mkdtemp()
    try:
        ledger = os.path.join(d, "ledger.csv")
        shutil.copy(os.path.join(ROOT, UPPSALA), ledger)
        before = open(ledger, "rb").read()
        os.symlink("ledger.csv", os.path.join(d, "soft.csv"))
        os.link(ledger, os.path.join(d, "hard.csv"))
        for name in ("ledger.csv", "soft.csv", "hard.csv"):
            out = os.path.join(d, name)
            expect_status(["report", ledger, "--output", out], 2, r"is the input .*ledger\.csv; it would be overwritten")
            expect_status(["report", ledger, "--chart", out, "--output", os.devnull], 2, r"--chart .* is the input")
        with open(ledger, "rb") as f:
            p = subprocess.run([KALKYL, "report", "-", "--output", os.path.join(d, "soft.csv")],
                               stdin=f, capture_output=True, cwd=ROOT)
        assert p.returncode == 2 and b"is the file on standard input" in p.stderr, p
        with open(ledger, "ab") as f:  # kalkyl report ledger.csv >> ledger.csv
            code, err = run_to(["report", ledger], f)
        assert code == 2 and "standard output is the input" in err, (code, err)
        table = os.path.join(d, "tabell.csv")
        shutil.copy(os.path.join(ROOT, "examples/data/uppsala_2024_08_tabell.csv"), table)
        expect_status(["check", table, "--output", table], 2, r"is the input")
        budget = os.path.join(d, "budget.csv")
        with open(budget, "w", encoding="utf-8") as f:
            f.write(SIE_BUDGET_OK)
        expect_status(["sie-budget", budget] + BUDGET_ARGS + ["--output", budget], 2, r"is the input")
        assert open(ledger, "rb").read() == before
        assert open(budget, encoding="utf-8").read() == SIE_BUDGET_OK
        assert sorted(os.listdir(d)) == ["budget.csv", "hard.csv", "ledger.csv", "soft.csv", "tabell.csv"], os.listdir(d)
    finally:
        shutil.rmtree(d)


def case_output_empty_name():
    for args in (["report", UPPSALA, "--output", ""], ["report", UPPSALA, "--output="],
                 ["report", UPPSALA, "--chart", ""], ["check", "examples/data/uppsala_2024_08_tabell.csv", "--output="],
                 ["sie-budget", "x.csv"] + BUDGET_ARGS + ["--output", ""]):
        expect_status(args, 2, r"needs a file name, not an empty one")


def case_output_format_from_name():
    # Without --format the output's name chooses; an explicit --format wins.
    d = tempfile.mkdtemp()
    try:
        def report(name, *extra):
            path = os.path.join(d, name)
            expect_status(["report", UPPSALA, "--output", path] + list(extra), 0)
            return open(path, encoding="utf-8").read()

        want = {fmt: expect_status(["report", UPPSALA, "--format", fmt], 0)[0] for fmt in ("text", "markdown", "csv", "json")}
        assert report("rapport.md") == want["markdown"]
        assert report("RAPPORT.MD") == want["markdown"]
        assert report("rapport.json") == want["json"]
        assert report("rapport.csv") == want["csv"]
        assert report("rapport.txt") == want["text"]
        assert report("rapport") == want["text"]
        assert report("rapport.md", "--format", "json") == want["json"]
        for ext in ("html", "xlsx"):
            expect_status(["report", UPPSALA, "--output", os.path.join(d, "rapport." + ext)], 2,
                          r"does not write \." + ext + r" yet")
        assert report("rapport.html", "--format", "text") == want["text"]
        table = "examples/data/uppsala_2024_08_tabell.csv"
        path = os.path.join(d, "fynd.json")
        expect_status(["check", table, "--output", path], 0)
        assert open(path, encoding="utf-8").read() == expect_status(["check", table, "--format", "json"], 0)[0]
    finally:
        shutil.rmtree(d)


def case_terminal_controls():
    # Control characters from the input never reach a terminal as such: a
    # row name with ESC sequences, a BEL and a C1 CSI is shown escaped on a
    # tty, kept as it is in a file; messages escape file names and values.
    import pty
    d = tempfile.mkdtemp()
    try:
        nasty = "Individ-\x1b[2J\x1b[31m\x07\u009b och familjeomsorg"
        src = open(os.path.join(E2E, "doc_example.csv"), encoding="utf-8").read().replace("Individ- och familjeomsorg", nasty)
        p = os.path.join(d, "esc.csv")
        with open(p, "w", encoding="utf-8") as f:
            f.write(src)
        for args in (["report", p, "--unit", "tkr"], ["report", p, "--format", "csv"]):
            master, slave = pty.openpty()
            try:
                code, err = run_to(args, slave)
            finally:
                os.close(slave)
            shown = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the terminal's other end is closed
                    break
                if not chunk:
                    break
                shown += chunk
            os.close(master)
            assert code == 0, err
            text = shown.decode("utf-8")
            assert "Individ-\\x1b[2J\\x1b[31m\\x07\\xc2\\x9b och" in text, text[:600]
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]", text), repr(text[:600])
        out, _ = expect_status(["report", p, "--unit", "tkr"], 0)
        assert nasty in out, "a pipe gets the bytes as computed"
        _, err = expect_status(["report", os.path.join(d, "no\x1b[31msuch\n.csv")], 2)
        assert "\x1b" not in err and "no\\x1b[31msuch\\x0a.csv" in err, repr(err)
        _, err = expect_status(["report", UPPSALA, "--unit", "\x1b]0;title\x07"], 2)
        assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;title\\x07" in err, repr(err)
        _, err = expect_status(["report", UPPSALA, "--output", os.path.join(d, "x\x1b[2J", "r.txt")], 2, r"cannot write")
        assert "\x1b" not in err, repr(err)
    finally:
        shutil.rmtree(d)


def case_sum_lines():
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "tx.csv")
        with open(p, "w", encoding="utf-8") as f:
            f.write("id;förälder;typ;månad;budget;utfall;prognos\nN;;netto;;;;\nV;N;netto;1;100;;\nK;V;kostnad;1;;60;\nK;;;1;;30,5;\n")
        expect_status(["report", p], 1, r"duplicate row id \"K\" for month 1")
        out, _ = expect_status(["report", p, "--sum-lines", "--unit", "kr", "--decimals", "1", "--format", "json"], 0)
        res = table(json.loads(out), "driftredovisning")
        assert values(res, "V")[4] == "90.5", values(res, "V")
    finally:
        shutil.rmtree(d)


# --- SIE 4 input (docs/sie.md) ---------------------------------------------------------

def sie_file(path, charset="cp437", tamper=0, extra=()):
    """Writes a type 4 SIE file (Socialnämnden Åby 2024, ansvar 100 and 200,
    January..March) with this suite's own writer: Python's cp437 codec and
    zlib.crc32 over each record's label and field contents for #KSUMMA."""
    import zlib
    lines, crc = [], [None]

    def rec(label, *fields):
        parts, summed = [label.encode()], [label.encode()]
        for f in fields:
            if isinstance(f, list):  # an object list: dimension, object, ...
                enc = [x.encode(charset) for x in f]
                summed += enc
                parts.append(b"{" + b" ".join(e if i % 2 == 0 else b'"' + e + b'"' for i, e in enumerate(enc)) + b"}")
            elif isinstance(f, tuple):  # a quoted text
                enc = f[0].encode(charset)
                summed.append(enc)
                parts.append(b'"' + enc.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"')
            else:
                enc = str(f).encode(charset)
                summed.append(enc)
                parts.append(enc)
        lines.append(b" ".join(parts))
        if crc[0] is not None:
            crc[0] = zlib.crc32(b"".join(summed), crc[0])

    rec("#FLAGGA", 0)
    lines.append(b"#KSUMMA")
    crc[0] = 0
    rec("#PROGRAM", ("Ekonomi",), "1")
    rec("#FORMAT", "PC8")
    rec("#GEN", "20240405")
    rec("#SIETYP", 4)
    rec("#FNAMN", ("Socialnämnden Åby",))
    rec("#RAR", 0, 20240101, 20241231)
    rec("#RAR", -1, 20230101, 20231231)
    rec("#DIM", 1, ("Ansvar",))
    rec("#DIM", 21, ("Verksamhet",))
    rec("#OBJEKT", 1, ("100",), ("Äldreomsorg",))
    rec("#OBJEKT", 1, ("200",), ('IFO "Barn" \\ unga',))
    rec("#KONTO", 3010, ("Avgifter",))
    rec("#KONTO", 5010, ("Löner",))
    for m in range(1, 13):
        p = f"2024{m:02d}"
        rec("#PBUDGET", 0, p, 5010, ["1", "100"], "100000.00")
        rec("#PBUDGET", 0, p, 3010, ["1", "100"], "-20000.00")
        rec("#PBUDGET", 0, p, 5010, ["1", "200"], "50000")
        rec("#PSALDO", -1, f"2023{m:02d}", 5010, ["1", "100"], "90000.00")
    for line in extra:
        lines.append(line)
    for m in range(1, 4):
        rec("#VER", "A", m, f"2024{m:02d}15", ("Lön",))
        lines.append(b"{")
        rec("#TRANS", 5010, ["1", "100", "21", "V1"], "101000.50")
        rec("#TRANS", 3010, ["1", "100"], "-19000.25")
        rec("#TRANS", 5010, ["1", "200"], "48000")
        rec("#TRANS", 1930, [], "-130000.25")
        lines.append(b"}")
    lines.append(b"#KSUMMA " + str(crc[0] + tamper).encode())
    with open(path, "wb") as f:
        f.write(b"\r\n".join(lines) + b"\r\n")


def sie_json(args):
    import decimal
    out, err = expect_status(["report"] + args + ["--unit", "kr", "--decimals", "2", "--format", "json"], 0)
    return json.loads(out, parse_float=decimal.Decimal), err


def case_sie_report():
    # An SIE 4 export straight to the report: rows by ansvar, budget from
    # #PBUDGET, outcome summed from #TRANS, last year from #PSALDO -1.
    from decimal import Decimal as Dec
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "sn.se")
        sie_file(p)
        rep, err = sie_json([p, "--dimension", "ansvar"])
        assert err == "", err
        assert rep["title"] == "Socialnämnden Åby" and rep["month"] == 3, (rep["title"], rep["month"])
        drift = table(rep, "driftredovisning")
        row = {r["label"]: r["values"] for r in drift["rows"]}
        # 100: 3 × (101 000,50 − 19 000,25) = 246 000,75 against 3 × 80 000.
        assert row["100 Äldreomsorg"][3:7] == [Dec("240000.00"), Dec("246000.75"), Dec("-6000.75"), Dec("270000.00")], row
        assert row['200 IFO "Barn" \\ unga'][4] == Dec("144000.00"), row
        assert row["Socialnämnden Åby"][0] == Dec("1560000.00"), row
        # The same file by number, and by the name of a dimension the file declares.
        same, _ = sie_json([p, "--dimension", "1"])
        assert same == rep
        by_v, _ = sie_json([p, "--dimension", "verksamhet"])
        labels = [r["label"] for r in table(by_v, "driftredovisning")["rows"]]
        assert labels == ["V1", "(utan objekt)", "Socialnämnden Åby"], labels
        # Without a dimension the accounts are the rows; a mapping file groups them.
        acc, _ = sie_json([p])
        labels = [r["label"] for r in table(acc, "driftredovisning")["rows"]]
        assert labels == ["3010 Avgifter", "5010 Löner", "Socialnämnden Åby"], labels
        m = os.path.join(d, "konton.txt")
        with open(m, "w", encoding="utf-8") as f:
            f.write("# konto_från;konto_till;typ;rad;radnamn\n3000;3999;intäkt;INT;Intäkter\n5000;5999;kostnad;PERS;Personal\n")
        grp, _ = sie_json([p, "--mapping", m, "--month", "2"])
        labels = [r["label"] for r in table(grp, "driftredovisning")["rows"]]
        assert labels == ["Intäkter", "Personal", "Socialnämnden Åby"], labels
        # A file that is really Windows-1252: read right, and a warning says so.
        w = os.path.join(d, "sn1252.se")
        sie_file(w, charset="cp1252")
        rep1252, err = sie_json([w, "--dimension", "ansvar"])
        assert "declares the PC8 character set (CP437) but its text is windows-1252" in err, err
        assert table(rep1252, "driftredovisning") == drift
    finally:
        shutil.rmtree(d)


def case_sie_errors():
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "sn.se")
        # A #KSUMMA that does not match: status 1 at the line of the closing #KSUMMA.
        sie_file(p, tamper=1)
        n = len(open(p, "rb").read().split(b"\r\n")) - 1
        expect_status(["report", p], 1, re.escape(p) + f":{n}:9: #KSUMMA: the checksum does not match")
        _, err = expect_status(["report", p, "--accept-errors"], 0)
        assert "error: #KSUMMA: the checksum does not match" in err, err
        # A malformed record: file:line:column, the label and why.
        sie_file(p, extra=[b"#PSALDO 0 202401 5010 {} 12,50"])
        expect_status(["report", p], 1, re.escape(p) + r":64:26: #PSALDO: amount \"12,50\" is not a number \(SIE writes a dot")
        # Structure: a #TRANS outside a verification.
        sie_file(p, extra=[b"#TRANS 5010 {} 10.00"])
        expect_status(["report", p], 1, r":64:1: #TRANS: #TRANS outside a verification")
        # Usage: a dimension the file does not have, SIE options on a CSV ledger.
        sie_file(p)
        expect_status(["report", p, "--dimension", "kommun"], 1, r"no dimension named \"kommun\".*1 Ansvar, 21 Verksamhet")
        expect_status(["report", p, "--year", "-5"], 1, r"no #RAR -5")
        expect_status(["report", UPPSALA, "--dimension", "1"], 2, r"are for SIE files")
        expect_status(["report", p, "--accounts", "30x0"], 2, r"--accounts 30x0")
        expect_status(["report", os.path.join(d, "saknas.se")], 2, r"cannot read")
    finally:
        shutil.rmtree(d)


# --- sie-budget: a periodised budget back to the accounting system (docs/sie.md) -------

BUDGET_CSV = (
    "konto;kontonamn;typ;ansvar;ansvar_namn;projekt;projekt_namn;belopp;profil\n"
    "3010;Avgifter;intäkt;100;Äldreomsorg;;;120 000;\n"
    "5010;Löner;;100;Äldreomsorg;P7;Hemtjänst Övre;277 573;1/1/1/1/1/1/0,5/1/1/1/1/1\n"
    "4010;Förbrukning;kostnad;200;IFO barn och unga;;;\"50 000,00\";\n"
)
BUDGET_ARGS = ["--company", "Socialnämnden Åby", "--year", "2025", "--generated", "20241120",
               "--org-number", "212000-0000", "--profile", "1;1;1;1;1;1;1;1;1;1;1;2"]


def cumulative_months(annual, weights):
    """The twelve months of `annual` (whole kronor) by running totals rounded
    half up: the rule the file must follow, computed independently."""
    from decimal import Decimal as Dec, ROUND_HALF_UP
    total_w = sum(weights)
    out, before, acc = [], Dec(0), Dec(0)
    for w in weights:
        acc += w
        r = (annual * acc / total_w).quantize(Dec(1), rounding=ROUND_HALF_UP)
        out.append(r - before)
        before = r
    return out


def pbudget(lines):
    """{(account, objects text): [12 amounts]} of the #PBUDGET lines."""
    from decimal import Decimal as Dec
    got = {}
    for l in lines:
        m = re.fullmatch(r'#PBUDGET 0 (\d{6}) (\d+) (\{[^}]*\}) (-?\d+(?:\.\d+)?)', l)
        if l.startswith("#PBUDGET"):
            assert m, l
            got.setdefault((m.group(2), m.group(3)), []).append((m.group(1), Dec(m.group(4))))
    for key, months in got.items():
        assert [p for p, _ in months] == [f"2025{k:02d}" for k in range(1, 13)], (key, months)
    return {k: [a for _, a in v] for k, v in got.items()}


def case_sie_budget():
    from decimal import Decimal as Dec
    d = tempfile.mkdtemp()
    try:
        src = os.path.join(d, "budget.csv")
        with open(src, "w", encoding="utf-8") as f:
            f.write(BUDGET_CSV)
        se = os.path.join(d, "budget.se")
        expect_status(["sie-budget", src] + BUDGET_ARGS + ["--output", se], 0)
        assert sorted(os.listdir(d)) == ["budget.csv", "budget.se"], os.listdir(d)
        data = open(se, "rb").read()
        # CP437 and CR LF: å is 0x86, Ö 0x99; no bare LF.
        assert b"Socialn\x84mnden \x8fby" in data and b"Hemtj\x84nst \x99vre" in data, data[:300]
        assert data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n"), "line ends"
        lines = data.decode("cp437").split("\r\n")[:-1]
        for want in ('#FORMAT PC8', '#GEN 20241120', '#SIETYP 3', '#FNAMN "Socialnämnden Åby"',
                     '#ORGNR 212000-0000', '#RAR 0 20250101 20251231', '#DIM 1 "Ansvar"',
                     '#DIM 6 "Projekt"', '#OBJEKT 1 "100" "Äldreomsorg"',
                     '#OBJEKT 1 "200" "IFO barn och unga"', '#OBJEKT 6 "P7" "Hemtjänst Övre"',
                     '#KONTO 5010 "Löner"'):
            assert want in lines, (want, lines[:20])
        # The cost with its own profil, exactly (a half July), per ansvar and projekt.
        personal = [f"#PBUDGET 0 2025{m:02d} 5010 {{1 \"100\"}} {a}" for m, a in zip(range(1, 13), (
            24137, 24137, 24136, 24137, 24137, 24137, 12068, 24137, 24137, 24136, 24137, 24137))]
        start = lines.index(personal[0])
        assert lines[start:start + 12] == personal, lines[start:start + 12]
        # The revenue with --profile (a double December), written negative.
        assert lines[lines.index('#PBUDGET 0 202512 3010 {} -18462')] and \
            '#PBUDGET 0 202501 3010 {1 "100"} -9231' in lines, [l for l in lines if " 3010 " in l]
        got = pbudget(lines)
        assert sorted(got) == [("3010", "{1 \"100\"}"), ("3010", "{}"), ("4010", "{1 \"200\"}"),
                               ("4010", "{}"), ("5010", "{1 \"100\"}"), ("5010", "{6 \"P7\"}"),
                               ("5010", "{}")], sorted(got)
        # Every series adds up to the annual amount exactly, and every
        # year-to-date sum is the correctly rounded share of the year.
        ones = [Dec(1)] * 12
        want = {"3010": (Dec(-120000), ones[:11] + [Dec(2)]),
                "5010": (Dec(277573), ones[:6] + [Dec("0.5")] + ones[:5]),
                "4010": (Dec(50000), ones[:11] + [Dec(2)])}
        for (account, objects), months in got.items():
            annual, weights = want[account]
            assert sum(months) == annual, (account, objects, months)
            assert months == cumulative_months(annual, weights), (account, objects, months)
        # The file reads back: kalkyl report of the written .se file (its
        # #KSUMMA verified), per ansvar, per projekt and per account.
        rep, err = sie_json([se, "--dimension", "ansvar", "--month", "12"])
        assert err == "", err
        rows = {r["label"]: r["values"] for r in table(rep, "driftredovisning")["rows"]}
        assert rows["100 Äldreomsorg"][0] == Dec("157573.00"), rows
        assert rows["200 IFO barn och unga"][0] == Dec("50000.00"), rows
        assert rows["Socialnämnden Åby"][0] == Dec("207573.00"), rows
        rep, _ = sie_json([se, "--dimension", "projekt", "--month", "12"])
        rows = {r["label"]: r["values"] for r in table(rep, "driftredovisning")["rows"]}
        assert rows["P7 Hemtjänst Övre"][0] == Dec("277573.00"), rows
        rep, _ = sie_json([se, "--month", "7"])
        rows = {r["label"]: r["values"] for r in table(rep, "driftredovisning")["rows"]}
        assert rows["5010 Löner"][0] == Dec("277573.00"), rows
        assert rows["5010 Löner"][3] == Dec(sum(cumulative_months(Dec(277573), want["5010"][1])[:7])), rows
        # Standard output gives the same bytes; Windows-1252 input too.
        p = subprocess.run([KALKYL, "sie-budget", src] + BUDGET_ARGS, capture_output=True, cwd=ROOT)
        assert p.returncode == 0 and p.stdout == data, p.stderr
        w = os.path.join(d, "budget1252.csv")
        with open(w, "w", encoding="cp1252") as f:
            f.write(BUDGET_CSV)
        p = subprocess.run([KALKYL, "sie-budget", w] + BUDGET_ARGS, capture_output=True, cwd=ROOT)
        assert p.returncode == 0 and p.stdout == data, p.stderr
        # A fiscal year from July, without a checksum, at öre.
        p = subprocess.run([KALKYL, "sie-budget", src] + BUDGET_ARGS +
                           ["--fiscal-start", "07", "--no-checksum", "--decimals", "2"],
                           capture_output=True, cwd=ROOT)
        text = p.stdout.decode("cp437")
        assert p.returncode == 0 and "#RAR 0 20250701 20260630\r\n" in text and "#KSUMMA" not in text, text[:400]
        assert "#PBUDGET 0 202606 5010 {} 24136.78\r\n" in text, text
    finally:
        shutil.rmtree(d)


def case_sie_budget_errors():
    d = tempfile.mkdtemp()
    try:
        src = os.path.join(d, "bad.csv")
        se = os.path.join(d, "budget.se")
        args = ["sie-budget", src] + BUDGET_ARGS + ["--output", se]

        def bad(content, status, pattern):
            with open(src, "wb") as f:
                f.write(content.encode("utf-8"))
            expect_status(args, status, pattern)
            assert sorted(os.listdir(d)) == ["bad.csv"], os.listdir(d)

        # A malformed amount: file:line:column, and nothing written.
        bad("konto;ansvar;belopp\n5010;100;12 000\n4010;200;1 2,5\n", 1,
            re.escape(src) + r':3:11: bad number "1 2,5" in column belopp')
        bad("konto;belopp\n8400;1000\n", 1,
            re.escape(src) + r":2:1: konto 8400 is in class 8.*give its typ")
        bad("konto;belopp\n5010;100,50\n", 1,
            re.escape(src) + r':2:6: belopp "100,50" has more decimals than --decimals 0')
        bad("konto;belopp;profil\n5010;100;1/1/x/1/1/1/1/1/1/1/1/1\n", 1,
            re.escape(src) + r':2:14: bad profil: weight 3 "x" is not a number')
        bad("konto;ansvar;belopp\n5010;100;100\n5010;100;200\n", 1,
            re.escape(src) + r":3:1: konto 5010 with the same objects is given twice \(also on line 2\)")
        bad("konto;ansvar;typ;belopp\n5010;100;;100\n5010;200;intäkt;200\n", 1,
            re.escape(src) + r":3:10: konto 5010 is intäkt here and kostnad on line 2")
        bad("konto;summa\n5010;100\n", 1, re.escape(src) + r':1:7: unknown column "summa"')
        # Usage errors: status 2.
        with open(src, "w", encoding="utf-8") as f:
            f.write("konto;belopp\n5010;100\n")
        expect_status(args + ["--frobnicate"], 2, r"unknown option --frobnicate")
        expect_status(["sie-budget", src, "--company", "X", "--year", "2025"], 2, r"needs --generated")
        expect_status(args + ["--profile", "1;1;1"], 2, r"--profile 1;1;1: expected 12 weights")
        expect_status(args + ["--generated", "20250230"], 2, r"--generated 20250230")
        expect_status(args + ["--company", "Budget €"], 2, r"CP437")
        expect_status(["sie-budget", os.path.join(d, "saknas.csv")] + BUDGET_ARGS, 2, r"cannot read")
        assert sorted(os.listdir(d)) == ["bad.csv"], os.listdir(d)
        out, _ = expect_status(["sie-budget", "--help"], 0)
        for word in ("--company", "--profile", "--decimals", "--fiscal-start", "--no-checksum",
                     "--output", "Example", "konto", "belopp", "profil"):
            assert word in out, word
        out, _ = expect_status(["--help"], 0)
        assert "sie-budget" in out, out
    finally:
        shutil.rmtree(d)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}
for _name in BAD:
    CASES["malformed_" + _name] = (lambda n: lambda: bad_case(n))(_name)


def main():
    global KALKYL, UPDATE
    args = sys.argv[1:]
    if "--kalkyl" in args:
        i = args.index("--kalkyl")
        KALKYL = os.path.abspath(args[i + 1])
        del args[i:i + 2]
    if "--update" in args:
        UPDATE = True
        args.remove("--update")
        args = args or [n for n in CASES]
    if "--list" in args:
        print("\n".join(CASES))
        return 0
    failed = 0
    for name in args or CASES:
        try:
            CASES[name]()
            print(f"PASS {name}")
        except AssertionError as e:
            failed += 1
            print(f"FAIL {name}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
