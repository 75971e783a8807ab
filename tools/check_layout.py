#!/usr/bin/env python3
"""Checks that every #include follows the layout of docs/architecture.md:
each folder includes only from itself and the folders listed for it, so
dependencies run one way and no folder reaches above itself. Also checks the
size rules: no source file over 500 lines.

Usage: tools/check_layout.py [REPO_ROOT]; exit 1 with one line per breach.
"""

import os
import re
import sys

# folder -> the other folders its sources may include (itself always).
ALLOWED = {
    "domain": [],
    "eventstore": [],
    # envelope <-> domain event: the one folder that sees both sides.
    "codec": ["domain", "eventstore"],
    "projections": ["codec", "domain", "eventstore"],
    "api/http": ["domain"],
    "api/commands": ["codec", "domain", "eventstore"],
    "api/views": ["api/commands", "codec", "domain", "eventstore", "projections"],
    "api/audit": ["api/commands", "codec", "domain", "eventstore", "projections"],
    "api/automation": ["api/commands", "codec", "domain", "eventstore", "projections"],
    "api/notifications": ["api/commands", "api/views", "codec", "domain", "eventstore", "projections"],
    "api/routes": ["api/http", "api/commands", "api/views", "api/audit", "api/automation",
                   "api/notifications",
                   "codec", "domain", "eventstore", "projections"],
    "api": ["api/http", "api/commands", "api/views", "api/audit", "api/automation",
            "api/notifications", "api/routes", "codec", "domain", "eventstore", "projections"],
    "tools": ["api/commands", "api/views", "api/audit", "codec", "domain", "eventstore", "projections"],
}
MAX_LINES = 500
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def folder_of(path):
    """The longest ALLOWED key that `path` (relative, with '/') lies in."""
    parts = path.split("/")
    for n in range(len(parts) - 1, 0, -1):
        key = "/".join(parts[:n])
        if key in ALLOWED:
            return key
    return None


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    problems = []
    for top in ("domain", "eventstore", "codec", "projections", "api", "tools"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                if not name.endswith((".h", ".cc")):
                    continue
                path = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
                here = folder_of(path)
                if here is None:
                    problems.append("%s: in no folder of the layout" % path)
                    continue
                if here == "api" and path not in ("api/main.cc", "api/main_flags.cc", "api/main_flags.h"):
                    problems.append("%s: only main.cc (and its flags, main_flags) lives directly in api/" % path)
                with open(os.path.join(root, path), encoding="utf-8") as f:
                    text = f.read()
                lines = text.count("\n")
                if lines > MAX_LINES:
                    problems.append("%s: %d lines (at most %d: split it by responsibility)" % (path, lines, MAX_LINES))
                for target in INCLUDE.findall(text):
                    there = folder_of(target)
                    if there is None or there == here:
                        continue
                    if there not in ALLOWED[here]:
                        problems.append("%s: includes %s (%s may not include from %s)" % (path, target, here, there))
    for p in problems:
        print(p)
    if problems:
        print("layout: %d problem(s); see docs/architecture.md" % len(problems))
        return 1
    print("layout: every include follows docs/architecture.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
