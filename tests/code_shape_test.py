"""The tree's shape limits (README.md, "Where things are"): no source file over 400 lines and no
C++ function over 80, so that a file holds one thing and a function one step. Run by ctest.

Function bodies are found by their braces: a line that ends a signature with `{` (it holds a `)`
and is not a control statement) opens a body, which ends where the braces balance. Lambdas and
local classes count towards the function around them. Braces inside string literals or comments
would confuse the count, so a string holding an unbalanced brace should be written as a char.
"""
import re
import subprocess
import sys
from pathlib import Path

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 80
SOURCES = ("*.cpp", "*.hpp", "*.h", "*.py", "*.sh")
SKIP = ("reports/examples/",)
CONTROL = re.compile(r"^\s*(\}\s*)?(if|for|while|switch|else|do|catch|try|namespace|extern)\b")
SIGNATURE_END = re.compile(r"\)[\w\s:&*<>,\->]*\{\s*$")


def strip_code(line):
    """The line without its // comment and the contents of its string and char literals."""
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return line.split("//", 1)[0]


def long_functions(lines):
    i = 0
    while i < len(lines):
        code = strip_code(lines[i])
        if SIGNATURE_END.search(code) and not CONTROL.match(code):
            depth, j = 0, i
            while j < len(lines):
                c = strip_code(lines[j])
                depth += c.count("{") - c.count("}")
                if depth <= 0:
                    break
                j += 1
            length = j - i + 1
            if length > MAX_FUNCTION_LINES:
                yield i + 1, length, lines[i].strip()
            i = j + 1
        else:
            i += 1


def main():
    root = Path(__file__).resolve().parent.parent
    files = subprocess.run(["git", "ls-files", *SOURCES], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    files = [f for f in files if not f.startswith(SKIP)]
    if len(files) < 100:
        print(f"only {len(files)} source files found under {root}: is this the anesim tree?", file=sys.stderr)
        return 1
    problems = []
    for name in files:
        lines = (root / name).read_text(encoding="utf-8").split("\n")
        if len(lines) > MAX_FILE_LINES:
            problems.append(f"{name}: {len(lines)} lines, over {MAX_FILE_LINES}: split it by what it holds")
        if name.endswith((".cpp", ".hpp", ".h")):
            for line, length, text in long_functions(lines):
                problems.append(f"{name}:{line}: a function of {length} lines, over {MAX_FUNCTION_LINES}: {text[:70]}")
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"code shape: {len(files)} files, none over {MAX_FILE_LINES} lines, no function over {MAX_FUNCTION_LINES}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
