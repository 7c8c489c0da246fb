# Sourced by the other scripts: make sure the Debian 12 packages the project needs are there.
# As root it installs what is missing with apt-get; otherwise it prints the exact command.

RS_BUILD_PACKAGES="meson ninja-build pkg-config gcc gettext libglib2.0-dev libglib2.0-bin
  libical-dev libecal2.0-dev libedata-cal2.0-dev libsqlite3-dev libjson-glib-dev libcamel1.2-dev
  libsoup-3.0-dev libsecret-1-dev"
RS_RUN_PACKAGES="evolution-data-server dbus-daemon locales sqlite3"
# The Evolution module (plugin/evolution, meson option "evolution", built when
# evolution-shell-3.0 is found): Evolution's development files, and libebook1.2-dev, which
# e-util/e-util.h includes without evolution-dev depending on it.
RS_EVOLUTION_BUILD_PACKAGES="evolution-dev libebook1.2-dev"
# Its tests (suite "evolution", tests/evolution): a real Evolution under Xvfb, driven through
# AT-SPI (pyatspi; at-spi2-core's bus launcher), screenshots with ImageMagick's import; xdotool
# checks that the X server takes clients.
RS_EVOLUTION_TEST_PACKAGES="evolution python3-pyatspi at-spi2-core xvfb xauth
  xdotool imagemagick"
# tests/service/test-team-calendar.py: a real CalDAV server (radicale) for the team calendar.
# tests/elorus: openssl makes the throwaway CA, glib-networking gives GIO its TLS,
# python3-jsonschema validates the stand-in's answers; tests/cli: gnome-keyring for elorus login.
RS_TEST_PACKAGES="valgrind python3 python3-dbus python3-gi python3-aiosmtpd dovecot-imapd gnome-keyring man-db
  openssl glib-networking radicale python3-jsonschema"
# scripts/run-fuzz.sh: clang-14 with libFuzzer and the sanitizer runtimes (libclang-rt-14-dev),
# llvm-symbolizer (llvm-14) for readable stacks.
RS_FUZZ_PACKAGES="clang-14 libclang-rt-14-dev libfuzzer-14-dev llvm-14"
# scripts/build-deb.sh and scripts/test-install.sh: debhelper (its meson support) and lintian; what
# debian/control's build-time tests need (man-db, python3, tzdata); the installed package's
# reader of the calendar (python3-gi with EDS's typelibs).
RS_PACKAGING_PACKAGES="debhelper dpkg-dev lintian man-db python3 tzdata python3-gi
  gir1.2-edataserver-1.2 gir1.2-ecal-2.0 $RS_EVOLUTION_BUILD_PACKAGES"

rs_missing_packages() {
	local pkg missing=""
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
	done
	echo "$missing"
}

rs_ensure_packages() {
	# shellcheck disable=SC2086
	local missing
	missing=$(rs_missing_packages $RS_BUILD_PACKAGES $RS_RUN_PACKAGES "$@")
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -eq 0 ]; then
		echo "Installing Debian packages:$missing" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q >&2 || return 1
		# shellcheck disable=SC2086
		apt-get install -y -q --no-install-recommends $missing >&2 || return 1
	else
		echo "Some Debian packages are missing. Install them with:" >&2
		echo "  sudo apt-get install$missing" >&2
		return 1
	fi
}

# The tests check Greek and English output: generate those locales when they are missing.
rs_ensure_locales() {
	local loc
	for loc in el_GR en_US; do
		if ! locale -a 2>/dev/null | grep -qi "^${loc}\.utf-\?8$"; then
			if [ "$(id -u)" -eq 0 ]; then
				localedef -i "$loc" -f UTF-8 "$loc.UTF-8" >&2 || return 1
			else
				echo "The locale $loc.UTF-8 is missing. Generate it with:" >&2
				echo "  sudo localedef -i $loc -f UTF-8 $loc.UTF-8" >&2
				return 1
			fi
		fi
	done
}
