#!/usr/bin/python3
# test-po.py: the Greek translation is complete and po/POTFILES lists every file with
# translatable strings (a file missing from POTFILES would stay English under Greek).
#
#   test-po.py SOURCE_ROOT
#
# Debian's gettext tools (xgettext, msgcmp, msgfmt); TAP on standard output.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import re
import subprocess
import sys
import tempfile

TOP = sys.argv[1]
PO = os.path.join(TOP, "po")
# The calls that mark a translatable string (GLib's gi18n, as po/meson.build's 'glib' preset).
MARK = re.compile(r'(?:^|[^A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext|ngettext)\s?\(\s*(?:"|[a-z_]+,)',
                  re.M)
# Where user-visible strings live: the shipped programs and modules, and the main job's tools.
# Test programs assert sentences; they do not show them.
SCANNED = ("plugin", os.path.join("tests", "tools"), os.path.join("tests", "core", "sample-agenda.c"))

XGETTEXT_KEYWORDS = ["--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                     "--keyword=g_dngettext:2,3", "--keyword=ngettext:1,2"]

n = 0


def check(ok, name, detail=""):
    global n
    n += 1
    print(f"{'ok' if ok else 'not ok'} {n} - {name}")
    if not ok and detail:
        for line in str(detail).splitlines():
            print(f"# {line}")
    return ok


def listed():
    with open(os.path.join(PO, "POTFILES"), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def marked_sources():
    found = set()
    for entry in SCANNED:
        path = os.path.join(TOP, entry)
        paths = [path] if os.path.isfile(path) else [
            os.path.join(root, name) for root, _, names in os.walk(path) for name in names]
        for source in paths:
            if source.endswith(".c"):
                with open(source, encoding="utf-8") as f:
                    if MARK.search(f.read()):
                        found.add(os.path.relpath(source, TOP))
    return found


def main():
    entries = listed()
    check(entries == sorted(entries), "POTFILES is sorted")
    missing = [e for e in entries if not os.path.exists(os.path.join(TOP, e))]
    check(not missing, "every file POTFILES names exists", "\n".join(missing))
    unlisted = sorted(marked_sources() - set(entries))
    check(not unlisted, "every file with translatable strings is in POTFILES", "\n".join(unlisted))

    with tempfile.TemporaryDirectory() as scratch:
        pot = os.path.join(scratch, "messages.pot")
        run = subprocess.run(["xgettext", "--from-code=UTF-8", "--add-comments", "-o", pot,
                              "--directory", TOP, "--files-from", os.path.join(PO, "POTFILES")]
                             + XGETTEXT_KEYWORDS, capture_output=True, text=True)
        if not check(run.returncode == 0, "xgettext reads every listed file", run.stderr):
            return
        el = os.path.join(PO, "el.po")
        run = subprocess.run(["msgcmp", "--use-untranslated", el, pot],
                             capture_output=True, text=True)
        check(run.returncode == 0, "el.po has every message of the sources", run.stderr)
        run = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, el],
                             capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        statistics = run.stderr.strip()
        check(run.returncode == 0 and "untranslated" not in statistics and "fuzzy" not in statistics,
              "el.po: every message translated, none fuzzy, formats consistent", statistics)


if __name__ == "__main__":
    main()
    print(f"1..{n}")
