#!/usr/bin/env python3
"""Doxygen INPUT_FILTER: kalkyl's comments as Doxygen reads them, the files untouched.

    doxygen_filter.py FILE       (Doxygen runs it on each input; output on stdout)

capi/kalkyl.h is written in the style of sqlite3.h: plain block comments
whose lines start with "**", laid out by hand, the first block the manual,
banners (lines of "=") opening each section, and /* ... */ after a member.
The C++ headers use // comments. Doxygen reads neither as documentation, and
rewriting them by hand would fight every later edit, so this filter converts
them as Doxygen reads each file, keeping every line where it is:

  kalkyl.h (C)
    the first block            -> the file's documentation (@file), verbatim
    a banner /* ==== ... */    -> a member group (@name, its text verbatim),
                                  closed at the next banner or the end
    /* ... */ before a declaration -> /** @brief <first sentence> @details
                                  @verbatim ... @endverbatim */
    code /* ... */             -> code /**< ... */ (a member's comment)
  *.hpp (C++)
    // lines                   -> /// lines (the first block: @file)
    code // ...                -> code ///< ...

Verbatim keeps the header's own layout (aligned argument lists, status
tables), which is how it reads best.
"""
import os
import re
import sys

BANNER = re.compile(r"^\s*/\*\s*={10,}")


def strip_stars(line):
    """'** text' -> ' text' (the sqlite3.h prefix), keeping the indentation after it."""
    m = re.match(r"^(\s*)\*\*( ?)(.*)$", line)
    return (m.group(1) + " " + m.group(3)) if m else line


def brief_of(body):
    """The first sentence of a '** name: summary ...' block, without 'name: '."""
    text = []
    for line in body:
        stripped = strip_stars(line).strip()
        if not stripped or stripped.startswith("="):
            if text:
                break
            continue
        text.append(stripped)
        if stripped.endswith(".") or stripped.endswith(":"):
            break
    summary = " ".join(text)
    m = re.match(r"^[A-Za-z_][A-Za-z0-9_]*(?:, [A-Za-z_][A-Za-z0-9_]*)*: (.*)$", summary)
    return (m.group(1) if m else summary).replace("*/", "").strip()


def escape(comment):
    """Text of a comment outside verbatim: '#WORD' (SIE's labels) is not a Doxygen link."""
    return comment.replace("#", "\\#")


def filter_c(lines, path_name):
    out, i, first, in_group = [], 0, True, False
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if not stripped.startswith("/*"):
            code, sep, rest = line.partition("/*")
            if sep and code.strip() and not code.rstrip().endswith("\"") and not rest.startswith("*"):
                line = code + "/**<" + escape(rest)  # a member's trailing comment
            out.append(line)
            i += 1
            continue
        end = i
        while "*/" not in lines[end]:
            end += 1
        block = lines[i:end + 1]
        if BANNER.match(line):
            title = next((strip_stars(b).strip() for b in block[1:] if strip_stars(b).strip()
                          and not strip_stars(b).strip().startswith("=")), "")
            close = "/** @} */ " if in_group else ""
            block = [b.replace("*/", "").rstrip() if k == len(block) - 1 else b for k, b in enumerate(block)]
            # @name takes the rest of its line as the title: verbatim starts below.
            new = [f"{close}/** @name {title}"]
            # The title line and the rules of '=' are left blank (the title is the name).
            body = [strip_stars(b) for b in block[1:]]
            body = ["" if b.strip() == title or set(b.strip()) <= {"="} else b for b in body]
            new += body
            new[1] = "@verbatim" + new[1]
            new[-1] += " @endverbatim */ /** @{ */"
            in_group = True
            out += new
        elif end == i:  # /* one line */
            out.append(escape(line).replace("/*", "/**", 1) if not first else line)
        else:
            body = block[1:]
            head = line.replace("/*", "", 1).strip()
            if first:
                opening = "/** @file " + path_name
            else:
                opening = "/** @brief " + escape(brief_of(([("** " + head)] if head else []) + body)) + " @details"
            new = [line[: len(line) - len(stripped)] + opening + " @verbatim " + head]
            for b in body:
                new.append(strip_stars(b))
            new[-1] = new[-1].replace("*/", "@endverbatim */")
            out += new
        first = False
        i = end + 1
    if in_group:
        out.append("/** @} */")
    return out


def filter_cpp(lines):
    out, first = [], True
    trailing_column = None  # the column of the last member's trailing comment, for its continuation lines
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith("//") and not stripped.startswith("///"):
            prefix = line[: len(line) - len(stripped)]
            text = escape(stripped[2:])
            if trailing_column is not None and len(prefix) >= trailing_column:
                out.append(prefix + "///<" + text)  # a trailing comment continued
            elif first:
                out.append(prefix + "/// @file" + "\n" + prefix + "///" + text)
                first = False
                trailing_column = None
            else:
                out.append(prefix + "///" + text)
                trailing_column = None
            continue
        trailing_column = None
        if stripped and not stripped.startswith("#"):
            first = False
        code, sep, rest = line.partition("//")
        # A member's comment: after a declaration or an enumerator, not after
        # a closing brace ("}  // namespace detail").
        member = code.rstrip().endswith((";", ",")) and not code.strip().startswith("}")
        if sep and code.strip() and '"' not in code and not rest.startswith("/") and member:
            line = code + "///<" + escape(rest)
            trailing_column = len(code)
        out.append(line)
    return out


def main(argv):
    path = argv[1]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    converted = filter_c(lines, os.path.basename(path)) if path.endswith(".h") else filter_cpp(lines)
    sys.stdout.write("\n".join(converted))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
