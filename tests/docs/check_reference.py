#!/usr/bin/env python3
"""ctest docs.reference: the Doxygen reference builds, and covers the whole C ABI.

    check_reference.py DOXYGEN DOXYFILE OUTPUT-DIR kalkyl.h

Runs Doxygen (the configuration the target `docs` uses, with the comment
filter docs/doxygen_filter.py), then fails when
  - Doxygen warns about kalkyl.h (a comment the filter turned into
    something Doxygen cannot read), or
  - a function declared KALKYL_API in kalkyl.h is missing from the page of
    kalkyl.h, or is there without the first sentence of its comment.
"""
import html
import os
import re
import subprocess
import sys


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    doxygen, doxyfile, output, header = argv[1:]
    done = subprocess.run([doxygen, doxyfile], capture_output=True, text=True)
    if done.returncode:
        print(done.stdout + done.stderr)
        print("docs.reference: doxygen failed", file=sys.stderr)
        return 1
    with open(os.path.join(output, "warnings.log"), encoding="utf-8") as f:
        warnings = [w for w in f.read().splitlines() if "kalkyl.h:" in w]
    with open(header, encoding="utf-8") as f:
        source = f.read()
    functions = re.findall(r"^KALKYL_API\s[^;(]*?\b(kalkyl_\w+)\s*\(", source, re.MULTILINE)
    # Each function's comment: '** name: first sentence' (or 'name, other: ...').
    briefs = {}
    for m in re.finditer(r"^\*\* ((?:kalkyl_\w+)(?:, kalkyl_\w+)*): (.+)$", source, re.MULTILINE):
        for name in m.group(1).split(", "):
            briefs[name] = m.group(2).strip()
    with open(os.path.join(output, "html", "kalkyl_8h.html"), encoding="utf-8") as f:
        page = html.unescape(re.sub(r"<[^>]+>", "", f.read()))
    page = re.sub(r"\s+", " ", page)
    missing = [name for name in functions if name + " (" not in page]
    no_text = [name for name in functions if name in briefs
               and re.sub(r"\s+", " ", briefs[name])[:40] not in page]
    for w in warnings:
        print("warning:", w)
    for name in missing:
        print("missing from the reference:", name)
    for name in no_text:
        print(f"{name}: its comment ({briefs[name][:40]!r}...) is not on the page")
    print(f"docs.reference: {len(functions)} functions of kalkyl.h, {len(functions) - len(missing)} in the "
          f"reference, {len(warnings)} warnings about kalkyl.h")
    return 1 if warnings or missing or no_text else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
