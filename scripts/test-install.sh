#!/bin/bash
# The installed package, in a real login-like session (docs/testing.md). As root, on a Debian 12
# machine (CI: a fresh one, after scripts/run-tests.sh):
#   scripts/test-install.sh
# builds the package (scripts/build-deb.sh, lintian included), installs it with apt-get, creates
# a throwaway user and, as that user, in `dbus-run-session` with a fresh home and nothing pointed
# at a build tree (no EDS_EXTRA_PREFIXES, GSETTINGS_SCHEMA_DIR or RS_* variables):
#   1. the build tree's service (build/, built here if missing) writes a sale to the user's store;
#   2. tests/install/installed-session.py, under el_GR.UTF-8: the installed service is D-Bus
#      activated and reads that store, `recurring-sales add` works, the system's EDS creates the
#      "Recurring Sales" calendar and ECalClient sees the sale's events with their reminders in
#      Greek, the autostart entry starts the service, and Evolution (under Xvfb) loads the
#      module of evolution-plugin-recurring-sales.
# Then `apt-get remove` must remove every file the packages installed but the conffile (the
# autostart entry), `apt-get purge` that too, and the user's data must be untouched. The user
# and the packages are removed at the end, whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

if [ "$(id -u)" -ne 0 ]; then
	echo "scripts/test-install.sh installs a package and creates a user: run it as root." >&2
	exit 2
fi

package=evolution-recurring-sales
plugin_package=evolution-plugin-recurring-sales
for name in "$package" "$plugin_package"; do
	if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed"; then
		echo "$name is already installed here; remove it first (apt-get purge $name)." >&2
		exit 2
	fi
done

# Xvfb: the installed Evolution is started on a virtual display.
rs_ensure_packages $RS_PACKAGING_PACKAGES xvfb xauth
rs_ensure_locales

top=$PWD
user=rs-install-test
work=$(mktemp -d /tmp/rs-install-test.XXXXXX)
chmod 755 "$work"
installed=0
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

pass() {
	echo "ok: $*"
}

# The throwaway user's processes that outlived its session (EDS's factories linger briefly after
# the bus goes): stopped one by one, by their ids.
stop_user_processes() {
	local pid
	id "$user" >/dev/null 2>&1 || return 0
	for pid in $(ps -o pid= -u "$user" 2>/dev/null); do
		kill "$pid" 2>/dev/null || true
	done
	sleep 1
	for pid in $(ps -o pid= -u "$user" 2>/dev/null); do
		kill -9 "$pid" 2>/dev/null || true
	done
}

# Those of the packages named that dpkg still knows (installed, or their conffiles left).
known_to_dpkg() {
	local name
	for name in "$@"; do
		if dpkg-query -W -f='${db:Status-Status}\n' "$name" 2>/dev/null | grep -qv '^not-installed$'; then
			echo "$name"
		fi
	done
}

cleanup() {
	stop_user_processes
	if [ "$installed" = 1 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -q \
			$(known_to_dpkg "$package" "$plugin_package") >/dev/null 2>&1 || true
	fi
	if id "$user" >/dev/null 2>&1; then
		userdel -r "$user" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# A session as the user: a fresh login environment (env -i), its own session bus.
as_user() { # LANG, command…
	local lang=$1; shift
	runuser -u "$user" -- env -i HOME="/home/$user" USER="$user" LOGNAME="$user" SHELL=/bin/bash \
		PATH=/usr/local/bin:/usr/bin:/bin LANG="$lang" \
		dbus-run-session -- "$@"
}

# The files of `dpkg -L` (saved at install) that are still there, but those in $1 (a list).
files_left() {
	local path left=""
	while IFS= read -r path; do
		if [ -d "$path" ] || grep -qxF "$path" <<<"$1"; then
			continue
		fi
		if [ -e "$path" ] || [ -L "$path" ]; then
			left="$left $path"
		fi
	done <"$work/files"
	echo "$left"
}

# The user's stores, with their checksums.
user_data() {
	(cd "$home" && find .local/share/evolution-recurring-sales -type f -exec sha256sum {} + | sort) || true
}

started=$SECONDS

# The build tree, for step 1.
if [ ! -x build/plugin/service/recurring-sales-service ] || [ ! -x build/plugin/cli/recurring-sales ]; then
	[ -d build ] || meson setup build -Dwerror=true
	meson compile -C build
fi
cp build/plugin/service/recurring-sales-service build/plugin/cli/recurring-sales tests/install/installed-session.py "$work/"
chmod 755 "$work"/*

scripts/build-deb.sh
version=$(dpkg-parsechangelog -SVersion)
deb=$top/build-deb/${package}_${version}_$(dpkg --print-architecture).deb
plugin_deb=$top/build-deb/${plugin_package}_${version}_$(dpkg --print-architecture).deb
[ -f "$plugin_deb" ] || fail "the package build made no $plugin_deb"

userdel -r "$user" >/dev/null 2>&1 || true
useradd -m -s /bin/bash "$user"
home=/home/$user

echo "== installing $deb and $plugin_deb"
# apt-get resolves the package's dependencies from the archive: its lists must be there.
if ! compgen -G "/var/lib/apt/lists/*_Packages" >/dev/null; then
	apt-get update -q
fi
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" "$plugin_deb"

# What the packages installed, where meson install --prefix=/usr puts it.
dpkg -L "$package" "$plugin_package" | sort >"$work/files"
for path in /usr/bin/recurring-sales /usr/libexec/recurring-sales-service \
		/usr/lib/evolution-data-server/calendar-backends/libecalbackendrecurringsales.so \
		/usr/lib/evolution-data-server/registry-modules/module-recurring-sales-registry.so \
		/usr/share/dbus-1/services/io.github.recurring_sales.RecurringSales1.service \
		/usr/share/dbus-1/interfaces/io.github.recurring_sales.RecurringSales1.xml \
		/usr/share/glib-2.0/schemas/io.github.recurring_sales.gschema.xml \
		/usr/share/locale/el/LC_MESSAGES/evolution-recurring-sales.mo \
		/usr/share/evolution-recurring-sales/templates/el/invoice.txt \
		/usr/share/man/man1/recurring-sales.1.gz /usr/share/man/el/man1/recurring-sales.1.gz \
		/etc/xdg/autostart/recurring-sales-service.desktop \
		/usr/lib/evolution/modules/module-recurring-sales.so; do
	if grep -qx "$path" "$work/files" && [ -e "$path" ]; then pass "installed: $path"; else fail "not installed: $path"; fi
done
if grep -q "gschemas.compiled" "$work/files"; then
	fail "the package ships a compiled schema (the glib trigger compiles it on install)"
fi
# The bus name, the interface and the service's path are those of the build tree.
if cmp -s plugin/dbus/io.github.recurring_sales.RecurringSales1.xml \
		/usr/share/dbus-1/interfaces/io.github.recurring_sales.RecurringSales1.xml; then
	pass "the installed D-Bus interface is the source's"
else
	fail "the installed D-Bus interface differs from plugin/dbus's"
fi
if grep -qx "Exec=/usr/libexec/recurring-sales-service" \
		/usr/share/dbus-1/services/io.github.recurring_sales.RecurringSales1.service &&
	grep -qx "Name=io.github.recurring_sales.RecurringSales1" \
		/usr/share/dbus-1/services/io.github.recurring_sales.RecurringSales1.service; then
	pass "the D-Bus service file names the bus name and the installed service"
else
	fail "the D-Bus service file is wrong"
fi

echo "== 1. the build tree's service writes a sale to $home/.local/share"
as_user en_US.UTF-8 /bin/bash -c '
	set -e
	"$1/recurring-sales-service" & service=$!
	gdbus wait --session --timeout 30 io.github.recurring_sales.RecurringSales1
	"$1/recurring-sales" add --client "Build Tree Ltd" --service "Support" --amount 50.00 \
		--currency EUR --every 3m --start "$(date -d "+20 days" +%F)" --for 1y
	kill "$service"; wait "$service" || true' sh "$work" ||
	fail "the build tree's service could not write a sale"
store=$home/.local/share/evolution-recurring-sales/sales.db
if [ -f "$store" ]; then pass "the store is $store"; else fail "no store at $store"; fi

echo "== 2. the installed package in a Greek session"
if as_user el_GR.UTF-8 /usr/bin/python3 "$work/installed-session.py" "Build Tree Ltd"; then
	pass "the installed package works in a login-like session"
else
	fail "the installed package failed in the session (above)"
fi
stop_user_processes
data_before=$(user_data)

echo "== apt-get remove"
conffiles=$(dpkg-query -W -f='${Conffiles}\n' "$package" | awk 'NF { print $1 }')
DEBIAN_FRONTEND=noninteractive apt-get remove -y -q "$package" "$plugin_package"
# After remove only the conffiles may stay; every other file of `dpkg -L` must be gone (a folder
# may be shared with other packages: /usr/share/evolution-recurring-sales, ours alone, is not).
left=$(files_left "$conffiles")
if [ -z "$left" ]; then
	pass "apt-get remove removed every installed file but the conffiles ($conffiles)"
else
	fail "left by apt-get remove:$left"
fi
if [ -e /usr/share/evolution-recurring-sales ]; then
	fail "apt-get remove left /usr/share/evolution-recurring-sales"
fi
if runuser -u "$user" -- env -i HOME="$home" PATH=/usr/bin:/bin gsettings list-schemas 2>/dev/null |
		grep -qx io.github.recurring_sales; then
	fail "the schema is still compiled after apt-get remove"
else
	pass "the glib trigger recompiled the schemas without ours"
fi

echo "== apt-get purge"
# A package without conffiles is gone whole after remove: apt-get would not know its name.
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q $(known_to_dpkg "$package" "$plugin_package")
installed=0
left=$(files_left "")
if [ -z "$left" ]; then
	pass "apt-get purge removed every file, conffiles included"
else
	fail "left by apt-get purge:$left"
fi
data_after=$(user_data)
if [ -n "$data_before" ] && [ "$data_before" = "$data_after" ]; then
	pass "the user's data is untouched by remove and purge"
else
	fail "the user's data changed: before [$data_before] after [$data_after]"
fi

echo "== the install test took $((SECONDS - started)) s"
if [ "$failures" -ne 0 ]; then
	echo "scripts/test-install.sh: $failures failure(s)" >&2
	exit 1
fi
echo "scripts/test-install.sh: all passed"
