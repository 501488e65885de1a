#!/usr/bin/env python3
"""ctest docs.blocks: every code block in the docs that claims to run, runs.

    run_doc_blocks.py SOURCE-DIR --shared LIBKALKYL.so --static LIBKALKYL.a \
        --program KALKYL [--cc CC] [--cxx CXX] [--python PYTHON] [FILE.md ...]

The convention: a fenced block whose info string is a language followed by
the word `run` is run; any other block is only shown.

    ```sh run        a shell script (bash -euo pipefail)
    ```python run    a Python script, with the kalkyl package of the source tree
    ```c run         a C99 program with main(), linked to libkalkyl.so
    ```cpp run       a C++20 program with main(), linked to libkalkyl.a

A run block must exit with 0. When a ```text output block follows it (with
only blank lines between), the run block's standard output must equal it
exactly; an output block anywhere else is an error.

Each block runs in its own empty temporary directory, in which `examples`,
`bindings` and `capi` link to the source tree's, so that a block may name
examples/data/... as the docs do. PATH starts with the directory of the
`kalkyl` program of this build; KALKYL_LIBRARY names this build's
libkalkyl.so and PYTHONPATH the package in bindings/python. Nothing is
fetched from the network.

Without FILE arguments the files are README.md and docs/*.md. Every
relative link in them (`[text](file.md#anchor)`, outside code blocks) must
name a file that exists.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(\S*)(?:\s+(\S+))?\s*$")
LANGUAGES = {"sh", "python", "c", "cpp"}


def blocks(path):
    """(line, language, code, expected_output or None) for each run block of a Markdown file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    found, i = [], 0
    pending = None  # the last run block, waiting for a possible output block
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m or not m.group(1):
            if lines[i].strip() and pending is not None and not lines[i].startswith("<!--"):
                pending = None  # text between: the next block is not this one's output
            i += 1
            continue
        language, word = m.group(1), m.group(2)
        start = i + 1
        j = start
        while j < len(lines) and lines[j] != "```":
            j += 1
        if j == len(lines):
            raise SystemExit(f"{path}:{i + 1}: a ``` block that is never closed")
        code = "\n".join(lines[start:j]) + "\n"
        if language == "text" and word == "output":
            if pending is None:
                raise SystemExit(f"{path}:{i + 1}: a ```text output block that does not follow a run block "
                                 "(only blank lines may come between)")
            found[pending] = found[pending][:3] + (code,)
            pending = None
        elif word == "run":
            if language not in LANGUAGES:
                raise SystemExit(f"{path}:{i + 1}: '{language} run': only {sorted(LANGUAGES)} blocks run")
            found.append((i + 1, language, code, None))
            pending = len(found) - 1
        else:
            pending = None
        i = j + 1
    return found


LINK = re.compile(r"\]\(([^)\s]+)\)")


def broken_links(path):
    """Relative Markdown links of a file whose target file does not exist (anchors not checked)."""
    prose, fenced = [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                fenced = not fenced
            elif not fenced:
                prose.append(re.sub(r"`[^`]*`", "", line))  # nor in inline code
    text = "".join(prose)
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        file_part = target.split("#", 1)[0]
        if not os.path.exists(os.path.join(os.path.dirname(path), file_part)):
            broken.append(target)
    return broken


def run_block(args, language, code, work):
    for name in ("examples", "bindings", "capi"):
        os.symlink(os.path.join(args.source, name), os.path.join(work, name))
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(os.path.abspath(args.program)) + os.pathsep + env.get("PATH", "")
    env["KALKYL_LIBRARY"] = os.path.abspath(args.shared)
    env["PYTHONPATH"] = os.path.join(args.source, "bindings", "python")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    libdir = os.path.dirname(os.path.abspath(args.shared))
    if language == "sh":
        command = ["bash", "-euo", "pipefail", "-c", code]
    elif language == "python":
        with open(os.path.join(work, "block.py"), "w", encoding="utf-8") as f:
            f.write(code)
        command = [args.python, "block.py"]
    elif language == "c":
        with open(os.path.join(work, "block.c"), "w", encoding="utf-8") as f:
            f.write(code)
        build = [args.cc, "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                 "-I", os.path.join(args.source, "capi"), "block.c", "-o", "block",
                 "-L", libdir, "-lkalkyl", "-Wl,-rpath," + libdir]
        compiled = subprocess.run(build, cwd=work, env=env, capture_output=True, text=True)
        if compiled.returncode:
            return compiled.returncode, compiled.stdout, compiled.stderr
        command = ["./block"]
    else:
        with open(os.path.join(work, "block.cpp"), "w", encoding="utf-8") as f:
            f.write(code)
        build = [args.cxx, "-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-DKALKYL_STATIC",
                 "-I", os.path.join(args.source, "include"), "-I", os.path.join(args.source, "capi"),
                 "block.cpp", "-o", "block", os.path.abspath(args.static)]
        compiled = subprocess.run(build, cwd=work, env=env, capture_output=True, text=True)
        if compiled.returncode:
            return compiled.returncode, compiled.stdout, compiled.stderr
        command = ["./block"]
    done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def main(argv):
    parser = argparse.ArgumentParser(description="Run the docs' run blocks.")
    parser.add_argument("source")
    parser.add_argument("--shared", required=True)
    parser.add_argument("--static", required=True)
    parser.add_argument("--program", required=True)
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--cxx", default="c++")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("files", nargs="*")
    args = parser.parse_intermixed_args(argv[1:])
    args.source = os.path.abspath(args.source)
    files = args.files or [os.path.join(args.source, "README.md")] + sorted(
        glob.glob(os.path.join(args.source, "docs", "*.md")))

    total = failed = 0
    for path in files:
        shown = os.path.relpath(path, args.source)
        for target in broken_links(path):
            failed += 1
            print(f"FAIL {shown}: a link to {target}, which does not exist")
        for line, language, code, expected in blocks(path):
            total += 1
            with tempfile.TemporaryDirectory(prefix="kalkyl-doc-block.") as work:
                try:
                    status, out, err = run_block(args, language, code, work)
                except subprocess.TimeoutExpired:
                    status, out, err = 124, "", "timed out after 120 s"
            problem = None
            if status != 0:
                problem = f"exit status {status}"
            elif expected is not None and out != expected:
                problem = "the output differs from the ```text output block"
            if problem:
                failed += 1
                print(f"FAIL {shown}:{line} ({language}): {problem}")
                print("---- stdout\n" + out + "---- stderr\n" + err, end="")
                if expected is not None and out != expected:
                    print("---- expected\n" + expected, end="")
            else:
                print(f"ok   {shown}:{line} ({language}{', output checked' if expected is not None else ''})")
    print(f"docs.blocks: {total} run blocks, {failed} failures (blocks and links)")
    if total == 0:
        print("docs.blocks: no run blocks found: the convention is ```LANG run", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
