#!/bin/bash
# The Debian package, on a Debian 12 machine: installs what it needs (as the other scripts do),
# copies the source tree (what git tracks, and new files it does not ignore) into build-deb/,
# builds it there with `dpkg-buildpackage -b -us -uc` (debian/), and checks the result with
# lintian, which must report no error and no warning. The package is left in build-deb/:
#   scripts/build-deb.sh
#   sudo apt install ./build-deb/evolution-recurring-sales_<version>_<arch>.deb
# The build's log is build-deb/build.log. po/POTFILES lists this file: its sentences are for
# the people who build the package, in their language.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

rs_ensure_packages $RS_PACKAGING_PACKAGES

top=$PWD
out=$top/build-deb
rm -rf "$out"
mkdir -p "$out/locale/el/LC_MESSAGES"
# This script's own sentences, from the project's catalog, before anything is built.
msgfmt -o "$out/locale/el/LC_MESSAGES/evolution-recurring-sales.mo" po/el.po
export TEXTDOMAIN=evolution-recurring-sales TEXTDOMAINDIR="$out/locale"
. gettext.sh

version=$(dpkg-parsechangelog -SVersion)
project_version=$(sed -n "s/^  version: '\([^']*\)',$/\1/p" meson.build)
if [ "$version" != "$project_version" ]; then
	# Translators: scripts/build-deb.sh; keep $version, $project_version and the file names
	eval_gettext 'debian/changelog says version $version but meson.build says $project_version: add an entry for $project_version to debian/changelog.' >&2
	echo >&2
	exit 1
fi

# dpkg-buildpackage writes the package beside the source folder, and builds inside it: a copy
# keeps both in build-deb/ and leaves the working tree as it was.
src=$out/src/evolution-recurring-sales-$version
mkdir -p "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done |
		tar --null -T - -cf - | tar -xf - -C "$src"
else
	tar --exclude='./build*' --exclude=./_build -cf - . | tar -xf - -C "$src"
fi

log=$out/build.log
# Translators: scripts/build-deb.sh; keep $version and $log as they are
eval_gettext 'Building the Debian package of evolution-recurring-sales $version (log: $log)…'; echo
if ! (cd "$src" && dpkg-buildpackage -b -us -uc) >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	# Translators: scripts/build-deb.sh; keep $log as it is
	eval_gettext 'The package could not be built: the end of the log is above, all of it in $log.' >&2
	echo >&2
	exit 1
fi
mv "$out/src/"*.deb "$out/src/"*.changes "$out/src/"*.buildinfo "$out/"

gettext 'Checking the package with lintian…'; echo
changes=$out/evolution-recurring-sales_${version}_$(dpkg --print-architecture).changes
if ! lintian --fail-on error,warning "$changes"; then
	gettext 'lintian found errors or warnings (above). Correct them, or when lintian is wrong, override the tag in debian/evolution-recurring-sales.lintian-overrides with the reason.' >&2
	echo >&2
	exit 1
fi

# The package itself, not the -dbgsym one beside it.
deb=$out/evolution-recurring-sales_${version}_$(dpkg --print-architecture).deb
# Translators: scripts/build-deb.sh; keep $deb and the command as they are
eval_gettext 'The package is ready: $deb
Install it with: sudo apt install $deb'; echo
