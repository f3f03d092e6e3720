#!/usr/bin/env python3
"""The lint layer's check that every file path cited in the code's comments, the docs and the
README exists (a stale reference sends a reader nowhere). Reads the files git tracks; a path is
looked up from the repository's root, beside the citing file, in the crates (their `src/`,
`tests/`, `migrations/`) and in `end2end/` (whose commands run there). Prints each dangling
path with the files citing it and exits 1 when there is one.

    scripts/check_paths.py
"""

import os
import re
import subprocess
import sys

EXTENSIONS = (".rs", ".md", ".sh", ".py", ".ts", ".mjs", ".toml", ".css", ".html", ".lua")
CITED = re.compile(
    r"(?<![\w./-])((?:src|scripts|crates|docs|end2end|conformance|style|public|tests|tools|\.ci)"
    r"/[\w./-]*\w|README\.md|Cargo\.toml|Trunk\.toml|index\.html|build\.rs)")
BASES = ("", "crates/otp-server", "crates/otp-api", "end2end")


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    files = subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout.split()
    dangling = {}
    for name in files:
        if not name.endswith(EXTENSIONS) or not os.path.isfile(name):
            continue
        with open(name, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for match in CITED.finditer(text):
            path = match.group(1).rstrip(".")
            if "*" in path or "{" in path:
                continue  # a pattern, not a file
            places = [os.path.join(base, path) for base in BASES]
            places.append(os.path.join(os.path.dirname(name), path))
            if not any(os.path.exists(p) for p in places):
                dangling.setdefault(path, set()).add(name)
    for path, citing in sorted(dangling.items()):
        print(f"dangling: {path} (cited in {', '.join(sorted(citing))})")
    sys.exit(1 if dangling else 0)


if __name__ == "__main__":
    main()
