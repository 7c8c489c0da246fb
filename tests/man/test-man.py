#!/usr/bin/python3
# test-man.py: the manual pages render without a warning from man (as lintian reads them), and
# each page in each language names every command and every option that --help shows, so that a
# new command or option cannot be left out of them.
#
#   test-man.py COMMAND SERVICE PAGE…
#
# COMMAND and SERVICE are the built programs; a PAGE whose name starts with recurring-sales-service
# is the service's, any other the command's. TAP on standard output; exit 77 (skip) without man.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import re
import shutil
import subprocess
import sys

COMMAND, SERVICE, PAGES = sys.argv[1], sys.argv[2], sys.argv[3:]
ENV = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", MANWIDTH="80")
OPTION = re.compile(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", re.M)

n = 0


def check(ok, name, detail=""):
    global n
    n += 1
    print(f"{'ok' if ok else 'not ok'} {n} - {name}")
    if not ok and detail:
        for line in str(detail).splitlines():
            print(f"# {line}")
    return ok


def help_text(program, *args):
    run = subprocess.run([program, *args, "--help"], capture_output=True, text=True, env=ENV)
    if run.returncode != 0:
        sys.exit(f"{program} {' '.join(args)} --help failed: {run.stderr}")
    return run.stdout


def options(text):
    """The long options of a --help text, leaving out GLib's own help options."""
    return [o for o in OPTION.findall(text) if not o.startswith("--help")]


def commands(*args):
    """The commands a --help lists under "Commands:" (of the command, or of @args, such as
    `elorus`, whose own commands each have their options); [] when it lists none."""
    text = help_text(COMMAND, *args)
    if "Commands:" not in text:
        return []
    listed = text.split("Commands:", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in listed.splitlines() if line.strip()]


def roff(option):
    """How a page writes an option: every hyphen as the minus sign \\-."""
    return option.replace("-", "\\-")


def main():
    if shutil.which("man") is None:
        print("1..0 # SKIP man (man-db) is not installed")
        sys.exit(0)

    for page in PAGES:
        name = os.path.relpath(page, os.path.dirname(os.path.dirname(page)))
        run = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", page],
                             capture_output=True, text=True, env=ENV)
        check(run.returncode == 0 and run.stderr == "", f"{name}: man renders it without a warning",
              run.stderr)

        with open(page, encoding="utf-8") as f:
            source = f.read()
        if os.path.basename(page).startswith("recurring-sales-service"):
            wanted = options(help_text(SERVICE))
            missing = [o for o in wanted if roff(o) not in source]
            check(wanted and not missing, f"{name}: names every option of the service",
                  " ".join(missing))
            continue

        names = commands()
        # A command is described under its own tag: .TP, then .B and the command's name.
        tagged = set(re.findall(r"^\.TP\n\.B ([a-z][a-z-]*)(?![a-z-])", source, re.M))
        missing = [c for c in names if c not in tagged]
        check(names and not missing, f"{name}: describes every command", " ".join(missing))
        for command in names:
            missing = [o for o in options(help_text(COMMAND, command)) if roff(o) not in source]
            check(not missing, f"{name}: names every option of {command}", " ".join(missing))
            # A family of commands (elorus login, sync…): each under its own tag too.
            for sub in commands(command):
                full = f"{command} {sub}"
                check(re.search(rf"^\.TP\n\.B {full}\b", source, re.M),
                      f"{name}: describes {full}")
                missing = [o for o in options(help_text(COMMAND, command, sub))
                           if roff(o) not in source]
                check(not missing, f"{name}: names every option of {full}", " ".join(missing))


if __name__ == "__main__":
    main()
    print(f"1..{n}")
